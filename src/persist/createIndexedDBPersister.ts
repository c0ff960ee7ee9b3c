// The IndexedDB side of persistence: one record per query under the key [namespace, queryHash],
// batched writes that never let an older copy replace a newer one, eviction, and a memory-only
// fallback when IndexedDB is missing or will not open. Framework-free; it never throws into the app.
import { createStore, promisifyRequest } from 'idb-keyval'
import type { UseStore } from 'idb-keyval'
import { PersistError } from './PersistError'
import { decodeRecord, storedStamp } from './internal/record'
import type { PersistedRecord } from './internal/record'
import { transact } from './internal/transact'

export type { PersistedRecord }

export interface IndexedDBPersisterOptions {
  /**
   * Isolates one user's records from another's (use the user id). Records are stored under the key
   * `[namespace, queryHash]` and only the namespace's key range is ever read or cleared.
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
  /** Write batches committed. */
  batches: number
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

const STORE_NAME = 'queries'
// From this many records on, a batch reads the namespace once instead of one get per record.
const BULK_BATCH = 64

export function createIndexedDBPersister(options: IndexedDBPersisterOptions): QueryPersister {
  const {
    namespace,
    buster = '',
    maxAge = 86_400_000,
    dbName = 'react-query-toolkit',
    throttleMs = 100,
    maxBytes = Number.POSITIVE_INFINITY,
    onError,
  } = options
  // What this tab knows is on disk, for eviction, stats and skipping needless writes.
  const index = new Map<string, { updatedAt: number; size: number }>()
  let bytes = 0
  let batches = 0
  let droppedBatches = 0
  let lastError: PersistError | undefined
  let opened: Promise<UseStore | undefined> | undefined
  let memoryOnly = false

  const report = (error: PersistError): void => {
    lastError = error
    onError?.(error)
  }
  const remember = (hash: string, entry?: { updatedAt: number; size: number }): void => {
    bytes -= index.get(hash)?.size ?? 0
    if (entry) {
      index.set(hash, entry)
      bytes += entry.size
    } else {
      index.delete(hash)
    }
  }
  const keyOf = (hash: string): IDBValidKey => [namespace, hash]
  const range = (): IDBKeyRange => IDBKeyRange.bound([namespace], [namespace, []])

  const open = (): Promise<UseStore | undefined> =>
    (opened ??= (async () => {
      try {
        if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available')
        const store = createStore(dbName, STORE_NAME)
        await store('readonly', () => undefined)
        return store
      } catch (cause) {
        memoryOnly = true
        const error = new PersistError('unavailable', 'IndexedDB unavailable; the query cache persists in memory only', { cause })
        console.warn(error.message)
        report(error)
        return undefined
      }
    })())

  // Oldest first, until `needed` bytes are freed (at least one record), skipping `keep`.
  const pickOldest = (needed: number, keep: ReadonlySet<string> = new Set()): Array<string> => {
    const victims: Array<string> = []
    let freed = 0
    const byAge = [...index].filter(([hash]) => !keep.has(hash)).sort((a, b) => a[1].updatedAt - b[1].updatedAt)
    for (const [hash, entry] of byAge) {
      if (victims.length > 0 && freed >= needed) break
      victims.push(hash)
      freed += entry.size
    }
    return victims
  }

  const commit = (store: UseStore, puts: Array<RecordWrite>, deletes: Array<RecordDelete>): Promise<void> => {
    const changes = new Map<string, { updatedAt: number; size: number } | undefined>()
    const keep = new Set(puts.map((put) => put.hash))
    let projected = bytes
    for (const put of puts) projected += put.text.length - (index.get(put.hash)?.size ?? 0)
    const evict = projected > maxBytes ? pickOldest(projected - maxBytes, keep) : []
    return transact(store, 'readwrite', (objectStore, fail) => {
      // Compare with the stored copies inside this transaction: another tab may have written newer ones.
      const apply = (storedAt: (hash: string) => number | undefined): void => {
        try {
          for (const { hash, updatedAt, text } of puts) {
            if ((storedAt(hash) ?? Number.NEGATIVE_INFINITY) > updatedAt) continue
            objectStore.put(text, keyOf(hash))
            changes.set(hash, { updatedAt, size: text.length })
          }
          for (const { hash, updatedAt } of deletes) {
            if ((storedAt(hash) ?? Number.NEGATIVE_INFINITY) > updatedAt) continue
            objectStore.delete(keyOf(hash))
            changes.set(hash, undefined)
          }
          for (const hash of evict) {
            objectStore.delete(keyOf(hash))
            changes.set(hash, undefined)
          }
        } catch (error) {
          fail(error)
        }
      }
      const hashes = [...keep, ...deletes.map((d) => d.hash)]
      if (hashes.length >= BULK_BATCH && hashes.length * 4 >= index.size) {
        // A large batch (the first save of a big cache): one read of the namespace beats a get per record.
        const request = objectStore.getAll(range())
        request.onsuccess = () => {
          const storedAt = new Map<string, number>()
          for (const value of request.result) {
            const stamp = storedStamp(value)
            if (stamp) storedAt.set(stamp.hash, stamp.updatedAt)
          }
          apply((hash) => storedAt.get(hash))
        }
        return
      }
      const storedAt = new Map<string, number | undefined>()
      let pending = hashes.length
      for (const hash of hashes) {
        const request = objectStore.get(keyOf(hash))
        request.onsuccess = () => {
          storedAt.set(hash, storedStamp(request.result)?.updatedAt)
          if (--pending === 0) apply((h) => storedAt.get(h))
        }
      }
      if (pending === 0) apply(() => undefined)
    }).then(() => {
      for (const [hash, entry] of changes) remember(hash, entry)
      batches++
    })
  }

  const evictOldest = async (store: UseStore, needed: number): Promise<void> => {
    const victims = pickOldest(needed)
    await transact(store, 'readwrite', (objectStore) => {
      for (const hash of victims) objectStore.delete(keyOf(hash))
    })
    for (const hash of victims) remember(hash)
  }

  const drop = (reason: 'quota' | 'write', cause: unknown): void => {
    droppedBatches++
    report(new PersistError(reason, `a write batch was dropped (${String(cause)})`, { cause }))
  }

  return {
    namespace,
    dbName,
    buster,
    maxAge,
    throttleMs,
    report,
    stored: (hash) => index.get(hash)?.updatedAt,
    stats: () => ({
      mode: memoryOnly ? 'memory' : 'indexeddb',
      records: index.size,
      bytes,
      batches,
      droppedBatches,
      lastError,
    }),

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
          const decoded = decodeRecord(value, buster, expiresBefore)
          if (!decoded.ok) {
            result[decoded.reason]++
            continue
          }
          result.records.push(decoded.record)
          remember(decoded.record.hash, { updatedAt: decoded.record.updatedAt, size: (value as string).length })
        }
        if (result.records.length < values.length) {
          // Rare path: find the bad records' keys and delete them in one transaction.
          await transact(store, 'readwrite', (objectStore) => {
            const keys = objectStore.getAllKeys(range())
            const all = objectStore.getAll(range())
            all.onsuccess = () => {
              all.result.forEach((value: unknown, i) => {
                const key = keys.result[i]
                if (key !== undefined && !decodeRecord(value, buster, expiresBefore).ok) objectStore.delete(key)
              })
            }
          })
        }
      } catch (cause) {
        report(new PersistError('write', `restore failed (${String(cause)})`, { cause }))
      }
      return result
    },

    write: async (puts, deletes) => {
      const store = await open()
      if (!store || puts.length + deletes.length === 0) return
      try {
        await commit(store, puts, deletes)
      } catch (cause) {
        if ((cause as { name?: unknown } | null)?.name !== 'QuotaExceededError') return drop('write', cause)
        try {
          await evictOldest(store, puts.reduce((sum, put) => sum + put.text.length, 0))
          await commit(store, puts, deletes)
        } catch (retryCause) {
          drop('quota', retryCause)
        }
      }
    },

    clear: async () => {
      const store = await open()
      index.clear()
      bytes = 0
      if (!store) return
      try {
        await transact(store, 'readwrite', (objectStore) => {
          objectStore.delete(range())
        })
      } catch (cause) {
        report(new PersistError('write', `clearing the namespace failed (${String(cause)})`, { cause }))
      }
    },
  }
}
