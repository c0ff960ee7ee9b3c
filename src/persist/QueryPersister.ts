// The contract between `persistQueryCache` and a storage: `createIndexedDBPersister` implements it,
// another storage can. Everything a persister returns is treated as untrusted by its caller.
import type { PersistError } from './PersistError'
import type { RecordDelete, RecordWrite } from './internal/commitBatch'
import type { PersistedRecord } from './internal/record'

export type { PersistedRecord, RecordDelete, RecordWrite }

/** How long a restore may take before it gives up, in ms, when the persister does not say. */
export const DEFAULT_RESTORE_TIMEOUT_MS = 5_000

export interface PersisterStats {
  /** `'memory'` once IndexedDB proved missing or unusable: nothing is persisted. */
  mode: 'indexeddb' | 'memory'
  /** Records of the namespace known to this tab. */
  records: number
  /** Their size (UTF-16 length). */
  bytes: number
  /** Write batches dropped after a failure (a failed transaction, quota exceeded for every record of it). */
  droppedBatches: number
  /** Records dropped because they did not fit the quota even after evicting older ones (the rest of their batch is written). */
  droppedRecords: number
  lastError: PersistError | undefined
}

export interface ReadResult {
  records: Array<PersistedRecord>
  expired: number
  busted: number
  /** Malformed records, and records stored under a key that is not their own (`<namespace>:<hash>`). */
  corrupt: number
}

/** A persister as `persistQueryCache` uses it; `createIndexedDBPersister` builds one. */
export interface QueryPersister {
  readonly namespace: string
  readonly dbName: string
  readonly buster: string
  readonly maxAge: number
  readonly throttleMs: number
  /** How long `persistQueryCache` waits for `read()` before it restores nothing and goes memory-only. */
  readonly restoreTimeoutMs?: number
  /**
   * Reads the namespace in one pass; invalid, expired and other-buster records are deleted and counted.
   * A record dated in the future comes back dated now and invalidated (stale), and is not trusted on disk.
   * May reject: `persistQueryCache` then restores nothing and goes memory-only (`degrade`).
   */
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
  /**
   * Switches to memory mode for good (nothing more is read or written, `stats().mode` is `'memory'`)
   * and reports `error`: `persistQueryCache` calls it when the restore failed or did not finish in time.
   */
  degrade?: (error: PersistError) => void
}

