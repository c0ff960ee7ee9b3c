// What one tab knows is stored in its namespace (update time and size per record), and the one
// transaction that applies a batch: each put and delete is compared with the stored copy inside the
// transaction, so an older copy never replaces a newer one written by another tab.
import type { UseStore } from 'idb-keyval'
import { parseRecord } from './record'
import { transact } from './transact'

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

/**
 * The update time of a stored copy that is dated in the future (a clock set back, a forged record):
 * it is not trusted, so any write replaces it and eviction takes it first.
 */
export const UNTRUSTED_DATE = Number.NEGATIVE_INFINITY

/** A stored copy's update time as writes compare with it; a date later than now is not trusted. */
export const trustedDate = (updatedAt: number, now: number): number => (updatedAt > now ? UNTRUSTED_DATE : updatedAt)

// From this many records on, a batch reads the namespace once instead of one get per record.
const BULK_BATCH = 64

export interface RecordIndex {
  /** By hash: [updatedAt, size]. */
  readonly entries: Map<string, [number, number]>
  bytes: () => number
  remember: (hash: string, entry?: [number, number]) => void
  clear: () => void
  /** Least recently updated first, until `needed` bytes are freed, sparing `keep`. */
  oldest: (needed: number, keep: ReadonlySet<string>) => Array<RecordDelete>
}

export function createRecordIndex(): RecordIndex {
  const entries = new Map<string, [number, number]>()
  let bytes = 0
  return {
    entries,
    bytes: () => bytes,
    remember: (hash, entry) => {
      bytes -= entries.get(hash)?.[1] ?? 0
      if (entry) entries.set(hash, entry)
      else entries.delete(hash)
      bytes += entry?.[1] ?? 0
    },
    clear: () => {
      entries.clear()
      bytes = 0
    },
    oldest: (needed, keep) => {
      const victims: Array<RecordDelete> = []
      for (const [hash, [, size]] of [...entries].sort((a, b) => a[1][0] - b[1][0])) {
        if (needed <= 0) break
        if (keep.has(hash)) continue
        victims.push({ hash, updatedAt: Infinity })
        needed -= size
      }
      return victims
    },
  }
}

export interface Batch {
  store: UseStore
  index: RecordIndex
  keyOf: (hash: string) => string
  range: IDBKeyRange
  puts: Array<RecordWrite>
  deletes: Array<RecordDelete>
  /** Evicted in the same transaction: if the puts still do not fit, the abort restores them. */
  evict: Array<RecordDelete>
}

/** Applies a batch in one transaction; the index learns of it once it committed. */
export function commitBatch({ store, index, keyOf, range, puts, deletes, evict }: Batch): Promise<void> {
  const changes = new Map<string, [number, number] | undefined>()
  // Eviction first: it frees the room the puts need.
  const ops: Array<RecordDelete & { text?: string }> = [...evict, ...deletes, ...puts]
  return transact(store, (objectStore, fail) => {
    // Compared with the stored copies inside this transaction: another tab may have written newer ones.
    const storedAt = new Map<string, number>()
    const now = Date.now()
    // A stored copy counts only under its own record key: a record claiming another hash proves nothing.
    const note = (value: unknown, key: IDBValidKey): void => {
      const record = parseRecord(value)
      if (record && keyOf(record.hash) === key) storedAt.set(record.hash, trustedDate(record.updatedAt, now))
    }
    const apply = (): void => {
      try {
        for (const { hash, updatedAt, text } of ops) {
          if ((storedAt.get(hash) ?? UNTRUSTED_DATE) > updatedAt) continue
          const key = keyOf(hash)
          if (text === undefined) objectStore.delete(key)
          else objectStore.put(text, key)
          changes.set(hash, text === undefined ? undefined : [updatedAt, text.length])
        }
      } catch (error) {
        fail(error)
      }
    }
    if (ops.length >= BULK_BATCH && ops.length * 4 >= index.entries.size) {
      // A large batch (the first save of a big cache): one read of the namespace beats a get per record.
      const keys = objectStore.getAllKeys(range)
      const all = objectStore.getAll(range)
      all.onsuccess = () => {
        all.result.forEach((value: unknown, i) => note(value, keys.result[i]!))
        apply()
      }
      return
    }
    let pending = ops.length
    for (const { hash } of ops) {
      const key = keyOf(hash)
      const request = objectStore.get(key)
      request.onsuccess = () => {
        note(request.result, key)
        if (--pending === 0) apply()
      }
    }
  }).then(() => {
    for (const [hash, entry] of changes) index.remember(hash, entry)
  })
}
