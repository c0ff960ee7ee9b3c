// What one tab knows is stored in its namespace (update time and size per record), and the one atomic
// update that applies a batch: each put and delete is compared with the stored copy inside the update,
// so an older copy never replaces a newer one written by another tab.
import type { PersistStorage, StorageChanges } from '../PersistStorage'
import { LOG_KEY, compactLog, parseLog } from './invalidationLog'
import type { LogEntry } from './invalidationLog'
import type { RecordDelete, RecordWrite } from './persisterInternals'
import { parseRecord } from './record'
import { CHANGE_PREFIX } from './snapshot'

/**
 * The update time of a stored copy that is dated in the future (a clock set back, a forged record):
 * it is not trusted, so any write replaces it and eviction takes it first.
 */
export const UNTRUSTED_DATE = Number.NEGATIVE_INFINITY

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
  storage: PersistStorage
  namespace: string
  index: RecordIndex
  puts: Array<RecordWrite>
  deletes: Array<RecordDelete>
  /** Evicted in the same update: if the puts still do not fit, nothing of it is applied. */
  evict: Array<RecordDelete>
  /** Invalidation notes merged into the stored ones (a stored log that does not parse is replaced). */
  notes?: Array<LogEntry>
  /** Notes older than this are dropped: no unexpired record predates them. */
  since?: number
}

/** Applies a batch in one atomic update; the index learns of it once the storage resolved. */
export async function commitBatch({
  storage,
  namespace,
  index,
  puts,
  deletes,
  evict,
  notes = [],
  since = -Infinity,
}: Batch): Promise<void> {
  const changes = new Map<string, [number, number] | undefined>()
  // Eviction first: it frees the room the puts need.
  const ops: Array<RecordDelete & { text?: string }> = [...evict, ...deletes, ...puts]
  const keys = ops.map((op) => op.hash)
  await storage.update(namespace, notes.length > 0 ? [...keys, LOG_KEY] : keys, (stored): StorageChanges => {
    changes.clear()
    const now = Date.now()
    const out: StorageChanges = { put: [], delete: [] }
    if (notes.length > 0) {
      const log = compactLog([...(parseLog(stored.get(LOG_KEY), now) ?? []), ...notes], since)
      out.put.push([LOG_KEY, JSON.stringify(log)])
    }
    for (const { hash, updatedAt, text } of ops) {
      // A stored copy counts only under its own key: a record claiming another hash proves nothing.
      const record = parseRecord(stored.get(hash))
      const storedAt = record?.hash === hash && record.updatedAt <= now ? record.updatedAt : UNTRUSTED_DATE
      if (storedAt > updatedAt) continue
      if (text === undefined) out.delete.push(hash)
      else out.put.push([hash, text])
      // Marked as changed since the snapshot, in the same transaction: a restore reads it on top.
      out.put.push([CHANGE_PREFIX + hash, ''])
      changes.set(hash, text === undefined ? undefined : [updatedAt, text.length])
    }
    return out
  })
  for (const [hash, entry] of changes) index.remember(hash, entry)
}
