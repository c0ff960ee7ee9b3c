// The IndexedDB side of persistence: one record per query under a key prefixed by its namespace,
// batched writes that never let an older copy replace a newer one, eviction, and a memory-only
// fallback when IndexedDB is missing or will not open. Framework-free; it never throws into the app.
import { createStore, promisifyRequest } from 'idb-keyval'
import type { UseStore } from 'idb-keyval'
import { PersistError } from './PersistError'
import type { PersistErrorReason } from './PersistError'
import { decodeRecord, namespaceRange, parseRecord, recordKey } from './internal/record'
import type { PersistedRecord } from './internal/record'
import { transact } from './internal/transact'

export type { PersistedRecord }

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
   * Told about every failure the persister absorbs: IndexedDB unavailable, quota exceeded (after evicting
   * and retrying once, the batch is dropped), a failed write, a query whose data cannot be serialised.
   * @default undefined (failures still land in `stats().lastError`)
   * @example createIndexedDBPersister({ namespace: user.id, onError: (e) => report(e) })
   */
  onError?: (error: PersistError) => void
}

export interface PersisterStats {
  /** `'memory'` once IndexedDB proved missing or unusable: nothing is persisted. */
  mode: 'indexeddb' | 'memory'
  /** Records of the namespace known to this tab. */
  records: number
  /** Their size (UTF-16 length). */
  bytes: number
  /** Write batches dropped after a failure (quota exceeded twice, a failed transaction). */
  droppedBatches: number
  lastError: PersistError | undefined
}

export interface ReadResult {
  records: Array<PersistedRecord>
  expired: number
  busted: number
  corrupt: number
}

/** One record to store: the encoded text and the `dataUpdatedAt` it carries. */
export interface RecordWrite {
  hash: string
  updatedAt: number
  text: string
}

/** Delete the record unless the stored copy is newer than `updatedAt`. */
export interface RecordDelete {
  hash: string
  updatedAt: number
}

/** A persister as `persistQueryCache` uses it; `createIndexedDBPersister` builds one. */
export interface QueryPersister {
  readonly namespace: string
  readonly dbName: string
  readonly buster: string
  readonly maxAge: number
  readonly throttleMs: number
  /** Reads the namespace in one pass; invalid, expired and other-buster records are deleted and counted. */
  read: () => Promise<ReadResult>
  /** Writes a batch in one transaction; never rejects (failures go to `onError`). */
  write: (puts: Array<RecordWrite>, deletes: Array<RecordDelete>) => Promise<void>
  /** Deletes every record of the namespace; never rejects. */
  clear: () => Promise<void>
  /** Reports failures as `onError` does (used for serialisation failures found by the caller). */
  report: (error: PersistError) => void
  /** `updatedAt` of the records this tab knows to be stored, by query hash. */
  stored: (hash: string) => number | undefined
  stats: () => PersisterStats
}

// From this many records on, a batch reads the namespace once instead of one get per record.
const BULK_BATCH = 64

/**
 * A persister for `persistQueryCache`: one IndexedDB record per query, isolated by namespace. Touches
 * no browser global until first used; without a usable IndexedDB it warns once and persists nothing.
 * @example
 * const persister = createIndexedDBPersister({ namespace: user.id, buster: 'v3', maxAge: hours(24) })
 */
export function createIndexedDBPersister(options: IndexedDBPersisterOptions): QueryPersister {
  const {
    namespace,
    buster = '',
    maxAge = 86_400_000,
    dbName = 'react-query-toolkit',
    throttleMs = 100,
    maxBytes = Infinity,
    onError,
  } = options
  // What this tab knows is on disk, by hash: [updatedAt, size]. Drives eviction, stats and restore.
  const index = new Map<string, [number, number]>()
  let bytes = 0
  let droppedBatches = 0
  let lastError: PersistError | undefined
  let opened: Promise<UseStore | undefined> | undefined
  let memoryOnly = false

  const report = (error: PersistError): PersistError => {
    lastError = error
    onError?.(error)
    return error
  }
  // `what` is development-only text (production builds pass undefined): production messages carry
  // the reason and the cause, which is all `onError` needs.
  const fault = (reason: PersistErrorReason, cause: unknown, what: string = reason): PersistError =>
    report(new PersistError(reason, `${what} (${String(cause)})`, { cause }))
  const remember = (hash: string, entry?: [number, number]): void => {
    bytes -= index.get(hash)?.[1] ?? 0
    if (entry) index.set(hash, entry)
    else index.delete(hash)
    bytes += entry?.[1] ?? 0
  }
  const keyOf = (hash: string): string => recordKey(namespace, hash)
  const range = (): IDBKeyRange => namespaceRange(namespace)

  // Opened on first use, never at import or creation: SSR and private modes have no IndexedDB.
  const open = (): Promise<UseStore | undefined> =>
    (opened ??= (async () => {
      try {
        const store = createStore(dbName, 'queries')
        await store('readonly', () => undefined)
        return store
      } catch (cause) {
        memoryOnly = true
        const error = fault(
          'unavailable',
          cause,
          process.env.NODE_ENV !== 'production' ? 'IndexedDB unavailable, persisting in memory only' : undefined,
        )
        // Diagnostics stay out of production builds; `onError` still hears of it there.
        if (process.env.NODE_ENV !== 'production') console.warn(error.message)
        return undefined
      }
    })())

  // Least recently updated first, until `needed` bytes are freed, sparing `keep`.
  const oldest = (needed: number, keep: ReadonlySet<string>): Array<RecordDelete> => {
    const victims: Array<RecordDelete> = []
    for (const [hash, [, size]] of [...index].sort((a, b) => a[1][0] - b[1][0])) {
      if (needed <= 0) break
      if (keep.has(hash)) continue
      victims.push({ hash, updatedAt: Infinity })
      needed -= size
    }
    return victims
  }

  const commit = (store: UseStore, puts: Array<RecordWrite>, deletes: Array<RecordDelete>): Promise<void> => {
    const changes = new Map<string, [number, number] | undefined>()
    const keep = new Set(puts.map((put) => put.hash))
    let over = bytes - maxBytes
    for (const put of puts) over += put.text.length - (index.get(put.hash)?.[1] ?? 0)
    // The batch's puts never share a hash with its deletes, and eviction spares the puts.
    const ops: Array<RecordDelete & { text?: string }> = [...puts, ...deletes, ...(over > 0 ? oldest(over, keep) : [])]
    return transact(store, (objectStore, fail) => {
      // Compared with the stored copies inside this transaction: another tab may have written newer ones.
      const storedAt = new Map<string, number>()
      const note = (value: unknown): void => {
        const record = parseRecord(value)
        if (record) storedAt.set(record.hash, record.updatedAt)
      }
      const apply = (): void => {
        try {
          for (const { hash, updatedAt, text } of ops) {
            if ((storedAt.get(hash) ?? -1) > updatedAt) continue
            const key = keyOf(hash)
            if (text === undefined) objectStore.delete(key)
            else objectStore.put(text, key)
            changes.set(hash, text === undefined ? undefined : [updatedAt, text.length])
          }
        } catch (error) {
          fail(error)
        }
      }
      if (ops.length >= BULK_BATCH && ops.length * 4 >= index.size) {
        // A large batch (the first save of a big cache): one read of the namespace beats a get per record.
        const all = objectStore.getAll(range())
        all.onsuccess = () => {
          all.result.forEach(note)
          apply()
        }
        return
      }
      let pending = ops.length
      for (const { hash } of ops) {
        const request = objectStore.get(keyOf(hash))
        request.onsuccess = () => {
          note(request.result)
          if (--pending === 0) apply()
        }
      }
    }).then(() => {
      for (const [hash, entry] of changes) remember(hash, entry)
    })
  }

  return {
    namespace,
    dbName,
    buster,
    maxAge,
    throttleMs,
    report,
    stored: (hash) => index.get(hash)?.[0],
    stats: () => ({ mode: memoryOnly ? 'memory' : 'indexeddb', records: index.size, bytes, droppedBatches, lastError }),

    read: async () => {
      const result: ReadResult = { records: [], expired: 0, busted: 0, corrupt: 0 }
      const store = await open()
      if (!store) return result
      try {
        const values = await store('readonly', (objectStore) => promisifyRequest(objectStore.getAll(range())))
        const expiresBefore = Date.now() - maxAge
        index.clear()
        bytes = 0
        for (const value of values) {
          const record = decodeRecord(value, buster, expiresBefore)
          if (typeof record === 'string') {
            result[record]++
            continue
          }
          result.records.push(record)
          remember(record.hash, [record.updatedAt, (value as string).length])
        }
        if (result.records.length < values.length) {
          // Rare path: find the bad records' keys and delete them in one transaction.
          await transact(store, (objectStore) => {
            const keys = objectStore.getAllKeys(range())
            const all = objectStore.getAll(range())
            all.onsuccess = () =>
              all.result.forEach((value: unknown, i) => {
                if (typeof decodeRecord(value, buster, expiresBefore) === 'string') objectStore.delete(keys.result[i]!)
              })
          })
        }
      } catch (cause) {
        fault('storage', cause, process.env.NODE_ENV !== 'production' ? 'restore failed' : undefined)
      }
      return result
    },

    write: async (puts, deletes) => {
      const store = await open()
      if (!store || puts.length + deletes.length === 0) return
      try {
        await commit(store, puts, deletes)
      } catch (cause) {
        const quota = (cause as { name?: unknown } | null)?.name === 'QuotaExceededError'
        try {
          if (!quota) throw cause
          const needed = puts.reduce((sum, put) => sum + put.text.length, 0)
          await commit(store, [], oldest(needed, new Set()))
          return await commit(store, puts, deletes)
        } catch (finalCause) {
          droppedBatches++
          fault(
            quota ? 'quota' : 'storage',
            finalCause,
            process.env.NODE_ENV !== 'production' ? 'write batch dropped' : undefined,
          )
        }
      }
    },

    clear: async () => {
      const store = await open()
      index.clear()
      bytes = 0
      try {
        await (store && transact(store, (objectStore) => objectStore.delete(range())))
      } catch (cause) {
        fault('storage', cause, process.env.NODE_ENV !== 'production' ? 'clear failed' : undefined)
      }
    },
  }
}
