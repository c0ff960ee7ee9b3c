// The persister apps create: the policy of `internal/createPersister` on top of IndexedDB, or of the
// `storage` given. Framework-free; it never throws into the app.
import type { PersistError } from './PersistError'
import type { PersistStorage } from './PersistStorage'
import type { QueryPersister } from './QueryPersister'
import { createPersister } from './internal/createPersister'
import { validateOptions } from './internal/validateOptions'

export interface IndexedDBPersisterOptions {
  /**
   * Isolates one user's records from another's (use the user id). Records are stored under the key
   * `<namespace length>:<namespace>:<queryHash>` and only the namespace's key range is ever read or cleared.
   * @example createIndexedDBPersister({ namespace: user.id })
   */
  namespace: string
  /**
   * Records written with another buster are dropped (and deleted) on restore. Change it when the
   * cached data's shape changes.
   * @default ''
   * @example createIndexedDBPersister({ namespace: user.id, buster: 'v3' })
   */
  buster?: string
  /**
   * Records whose data is older than this (by `dataUpdatedAt`) are dropped on restore, in ms.
   * Restored queries get this as their `gcTime`, so memory keeps what disk keeps (at most a timer's limit,
   * 2^31 - 1 ms or ~24.8 days, for longer ones: a longer timer would fire at once).
   * @default 86_400_000 (24 h)
   * @example createIndexedDBPersister({ namespace: user.id, maxAge: hours(12) })
   */
  maxAge?: number
  /**
   * The IndexedDB database; the persister owns it (object store `queries`), so give it a name of its own.
   * With a custom `storage` it only tells logouts apart between tabs.
   * @default 'react-query-toolkit'
   * @example createIndexedDBPersister({ namespace: user.id, dbName: 'my-app-cache' })
   */
  dbName?: string
  /**
   * Changes within this window are written together, in one transaction, in ms.
   * @default 100
   * @example createIndexedDBPersister({ namespace: user.id, throttleMs: 250 })
   */
  throttleMs?: number
  /**
   * Upper bound for the namespace's stored bytes (UTF-16 length of the records); the least recently
   * updated records are evicted first. This tab's view: other tabs' writes count once it restores.
   * @default Infinity
   * @example createIndexedDBPersister({ namespace: user.id, maxBytes: 20_000_000 })
   */
  maxBytes?: number
  /**
   * How long a restore may take, in ms: when opening the database (blocked by another tab's upgrade,
   * say) and reading the namespace take longer, `persistQueryCache` restores nothing, the persister
   * goes memory-only and `onError` hears of it (reason `'unavailable'`), so the app never waits forever.
   * It also bounds each write and clear, plus 1 ms per KB a write or a compaction stores (a large write on a
   * slow disk is not a dead storage): one the storage has not answered by then is reported and counted as
   * dropped (it may still land; the next restore sees what did).
   * @default 5_000
   * @example createIndexedDBPersister({ namespace: user.id, restoreTimeoutMs: 2_000 })
   */
  restoreTimeoutMs?: number
  /**
   * Told about every failure the persister absorbs: the storage unavailable, a restore that timed out,
   * quota exceeded (a record that does not fit even after evicting older ones is dropped), a failed write, a query whose data cannot be serialised.
   * @default undefined (failures still land in `stats().lastError`)
   * @example createIndexedDBPersister({ namespace: user.id, onError: (e) => report(e) })
   */
  onError?: (error: PersistError) => void
  /**
   * `'all'`: the restore reads every record of the namespace into the cache before queries run.
   * `'lazy'`: the restore only opens the storage; a query without data reads its own record on first use,
   * before its `queryFn` (through the client's default `persister` query option, like TanStack's
   * `experimental_createQueryPersister`), so the first screen never waits for the rest of the cache.
   * Invalidations (stream, tabs, manual, mutations) still reach records not read yet: they are noted on
   * disk and a record is restored stale when a later note matches it.
   * @default 'all'
   * @example createIndexedDBPersister({ namespace: user.id, restore: 'lazy' })
   */
  restore?: 'all' | 'lazy'
  /**
   * Where records are kept: any `PersistStorage` (a memory store for tests and SSR, your own store). The
   * persister's policy (namespaces, buster, maxAge, validation, eviction, logout) is the same on all of them.
   * With a storage of your own, `dbName` only tells logouts apart: give each storage its own.
   * @default createIndexedDBStorage(dbName)
   * @example createIndexedDBPersister({ namespace: user.id, storage: createMemoryStorage() })
   */
  storage?: PersistStorage
}

/**
 * A persister for `persistQueryCache`: one record per query, isolated by namespace, in IndexedDB unless
 * `storage` says otherwise. Touches no browser global until first used; without a usable storage it
 * warns once and persists nothing. Throws a `PersistError` (reason `'options'`) for an invalid option.
 * @example
 * const persister = createIndexedDBPersister({ namespace: user.id, buster: 'v3', maxAge: hours(24) })
 */
export function createIndexedDBPersister(options: IndexedDBPersisterOptions): QueryPersister {
  validateOptions(options)
  return createPersister(options)
}
