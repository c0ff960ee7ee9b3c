// The IndexedDB side of persistence: one record per query under a key prefixed by its namespace,
// batched writes that never let an older copy replace a newer one, eviction, and a memory-only
// fallback when IndexedDB is missing or will not open. Framework-free; it never throws into the app.
import type { UseStore } from 'idb-keyval'
import { PersistError } from './PersistError'
import type { PersistErrorReason } from './PersistError'
import { DEFAULT_RESTORE_TIMEOUT_MS } from './QueryPersister'
import type { QueryPersister, ReadResult, RecordDelete, RecordWrite } from './QueryPersister'
import { UNTRUSTED_DATE, commitBatch, createRecordIndex } from './internal/commitBatch'
import { openStore } from './internal/openStore'
import { readRange } from './internal/readRange'
import type { QueriesStore } from './internal/openStore'
import { decodeRecord, namespaceRange, recordKey } from './internal/record'
import type { Rejection } from './internal/record'
import { transact } from './internal/transact'
import { validateOptions } from './internal/validateOptions'
import { within } from './internal/within'

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
   * Restored queries get this as their `gcTime`, so memory keeps what disk keeps.
   * @default 86_400_000 (24 h)
   * @example createIndexedDBPersister({ namespace: user.id, maxAge: hours(12) })
   */
  maxAge?: number
  /**
   * The IndexedDB database; the persister owns it (object store `queries`), so give it a name of its own.
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
   * @default 5_000
   * @example createIndexedDBPersister({ namespace: user.id, restoreTimeoutMs: 2_000 })
   */
  restoreTimeoutMs?: number
  /**
   * Told about every failure the persister absorbs: IndexedDB unavailable, a restore that timed out,
   * quota exceeded (a record that does not fit even after evicting older ones is dropped), a failed write, a query whose data cannot be serialised.
   * @default undefined (failures still land in `stats().lastError`)
   * @example createIndexedDBPersister({ namespace: user.id, onError: (e) => report(e) })
   */
  onError?: (error: PersistError) => void
}

const isQuota = (error: unknown): boolean => (error as { name?: unknown } | null)?.name === 'QuotaExceededError'

/**
 * A persister for `persistQueryCache`: one IndexedDB record per query, isolated by namespace. Touches
 * no browser global until first used; without a usable IndexedDB it warns once and persists nothing.
 * Throws a `PersistError` (reason `'options'`) for an invalid option.
 * @example
 * const persister = createIndexedDBPersister({ namespace: user.id, buster: 'v3', maxAge: hours(24) })
 */
export function createIndexedDBPersister(options: IndexedDBPersisterOptions): QueryPersister {
  validateOptions(options)
  const {
    namespace,
    buster = '',
    maxAge = 86_400_000,
    dbName = 'react-query-toolkit',
    throttleMs = 100,
    maxBytes = Infinity,
    restoreTimeoutMs = DEFAULT_RESTORE_TIMEOUT_MS,
    onError,
  } = options
  // What this tab knows is on disk, by hash: [updatedAt, size]. Drives eviction, stats and restore.
  const index = createRecordIndex()
  let droppedBatches = 0
  let droppedRecords = 0
  let lastError: PersistError | undefined
  let connection: QueriesStore | undefined
  let opened: Promise<UseStore | undefined> | undefined
  let memoryOnly = false
  // Memory-only because a restore gave up on the database, which may still answer later.
  let gaveUp = false

  const report = (error: PersistError): PersistError => {
    lastError = error
    onError?.(error)
    return error
  }
  // `what` is development-only text (production builds pass undefined): production messages carry
  // the reason and the cause, which is all `onError` needs.
  const fault = (reason: PersistErrorReason, cause: unknown, what: string = reason): PersistError =>
    report(new PersistError(reason, `${what} (${String(cause)})`, { cause }))
  const keyOf = (hash: string): string => recordKey(namespace, hash)
  const range = (): IDBKeyRange => namespaceRange(namespace)
  const dev = process.env.NODE_ENV !== 'production'

  // Opened on first use, never at import or creation: SSR and private modes have no IndexedDB.
  const connect = (): Promise<UseStore | undefined> =>
    (opened ??= (async () => {
      try {
        connection = openStore(dbName, 'queries')
        await connection.use('readonly', () => undefined)
        return connection.use
      } catch (cause) {
        connection?.close()
        // Already memory-only (a restore that gave up on this open): that was reported then.
        if (memoryOnly) return undefined
        memoryOnly = true
        const error = fault('unavailable', cause, dev ? 'IndexedDB unavailable, persisting in memory only' : undefined)
        // Diagnostics stay out of production builds; `onError` still hears of it there.
        if (dev) console.warn(error.message)
        return undefined
      }
    })())
  // Undefined in memory mode, also when memory mode began while the database was opening.
  const open = async (): Promise<UseStore | undefined> => {
    const store = memoryOnly ? undefined : await connect()
    return memoryOnly ? undefined : store
  }

  // Why a stored value under `key` is not restored, if it is not; `now` decides what is in the future.
  const rejectionOf = (value: unknown, key: IDBValidKey, expiresBefore: number) => {
    const record = decodeRecord(value, buster, expiresBefore)
    if (typeof record === 'string') return record
    return key === keyOf(record.hash) ? record : ('corrupt' as Rejection)
  }

  const commit = (store: UseStore, puts: Array<RecordWrite>, deletes: Array<RecordDelete>, evict: Array<RecordDelete>) =>
    commitBatch({ store, index, keyOf, range: range(), puts, deletes, evict })
  // The oldest records to evict so that `puts` fit `needed` more bytes; the puts themselves are spared.
  const victims = (puts: Array<RecordWrite>, needed: number): Array<RecordDelete> =>
    needed > 0 ? index.oldest(needed, new Set(puts.map((put) => put.hash))) : []
  const growth = (puts: Array<RecordWrite>): number =>
    puts.reduce((sum, put) => sum + put.text.length - (index.entries.get(put.hash)?.[1] ?? 0), 0)
  const dropBatch = (cause: unknown): void => {
    droppedBatches++
    fault(isQuota(cause) ? 'quota' : 'storage', cause, dev ? 'write batch dropped' : undefined)
  }

  // The quota path. Eviction runs in the transaction of the records it makes room for, so when they
  // still do not fit the abort restores what it evicted: a record that can never fit costs nothing else.
  const writeUnderQuota = async (store: UseStore, puts: Array<RecordWrite>, deletes: Array<RecordDelete>) => {
    try {
      return await commit(store, puts, deletes, victims(puts, puts.reduce((sum, put) => sum + put.text.length, 0)))
    } catch (cause) {
      if (!isQuota(cause) || puts.length === 0) return dropBatch(cause)
    }
    // One record of the batch may be what cannot fit: write the rest without it, one record at a time.
    try {
      if (deletes.length > 0) await commit(store, [], deletes, [])
    } catch (cause) {
      return dropBatch(cause)
    }
    let dropped = 0
    for (const put of puts) {
      try {
        // Without eviction first: most records of the batch fit as they are.
        await commit(store, [put], [], []).catch((cause: unknown) => {
          if (!isQuota(cause)) throw cause
          return commit(store, [put], [], victims([put], put.text.length))
        })
      } catch (cause) {
        dropped++
        droppedRecords++
        fault(isQuota(cause) ? 'quota' : 'storage', cause, dev ? `record ${put.hash} dropped` : put.hash)
      }
    }
    if (dropped === puts.length) droppedBatches++
  }

  return {
    namespace,
    dbName,
    buster,
    maxAge,
    throttleMs,
    restoreTimeoutMs,
    report,
    stored: (hash) => index.entries.get(hash)?.[0],
    stats: () => ({
      mode: memoryOnly ? 'memory' : 'indexeddb',
      records: index.entries.size,
      bytes: index.bytes(),
      droppedBatches,
      droppedRecords,
      lastError,
    }),
    degrade: (error) => {
      memoryOnly = gaveUp = true
      connection?.close()
      report(error)
    },

    // A read that fails rejects: `persistQueryCache` reports it and turns this persister memory-only.
    read: async () => {
      const result = { records: [], expired: 0, busted: 0, corrupt: 0 } as ReadResult
      const store = await open()
      if (!store) return result
      const { keys, values } = await store('readonly', (objectStore) => readRange(objectStore, range()))
      const now = Date.now()
      const expiresBefore = now - maxAge
      index.clear()
      values.forEach((value: unknown, i) => {
        const record = rejectionOf(value, keys[i]!, expiresBefore)
        if (typeof record === 'string') {
          result[record]++
          return
        }
        // Dated in the future (a clock set back, a forged record): restored as stale data of now,
        // and not trusted on disk, so the next write replaces it.
        const future = record.updatedAt > now
        result.records.push(future ? { ...record, updatedAt: now, invalidated: true } : record)
        index.remember(record.hash, [future ? UNTRUSTED_DATE : record.updatedAt, (value as string).length])
      })
      if (result.records.length === values.length) return result
      try {
        // Rare path: delete the bad records in one transaction, checked again in it (another tab may
        // have replaced one meanwhile).
        await transact(store, (objectStore, fail) => {
          readRange(objectStore, range()).then(({ keys: again, values: all }) => {
            all.forEach((value, i) => {
              const key = again[i]!
              if (typeof rejectionOf(value, key, expiresBefore) === 'string') objectStore.delete(key)
            })
          }, fail)
        })
      } catch (cause) {
        fault('storage', cause, dev ? 'deleting invalid records failed' : undefined)
      }
      return result
    },

    write: async (puts, deletes) => {
      const store = await open()
      if (!store || puts.length + deletes.length === 0) return
      try {
        await commit(store, puts, deletes, victims(puts, index.bytes() - maxBytes + growth(puts)))
      } catch (cause) {
        if (!isQuota(cause)) return dropBatch(cause)
        await writeUnderQuota(store, puts, deletes)
      }
    },

    clear: async () => {
      index.clear()
      const store = await open()
      if (!store && !gaveUp) return
      // A logout must reach the disk even when this tab gave up on it (a restore that timed out): it
      // tries a connection of its own, for at most restoreTimeoutMs.
      const own = store ? undefined : openStore(dbName, 'queries')
      try {
        await within(transact(store ?? own!.use, (objectStore) => objectStore.delete(range())), restoreTimeoutMs)
      } catch (cause) {
        fault('storage', cause, dev ? 'clear failed' : undefined)
      } finally {
        own?.close()
      }
    },
  }
}
