// What `persistQueryCache` and `clearPersistedCache` use of a persister, kept off its public face:
// apps read `namespace`, `buster`, `maxAge` and `stats()`; the rest is reached through this symbol.
import type { PersistError } from '../PersistError'
import type { LogEntry } from './invalidationLog'
import type { PersistedRecord, Rejection } from './record'

/** How long a restore may take before it gives up, in ms. */
export const DEFAULT_RESTORE_TIMEOUT_MS = 5_000

export const persisterInternals: unique symbol = Symbol('react-query-toolkit/persister')

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

export interface ReadResult {
  records: Array<PersistedRecord>
  expired: number
  busted: number
  /** Malformed records, and records stored under a key that is not their own hash. */
  corrupt: number
  /** The stored invalidation notes (see `invalidationLog.ts`). */
  log: Array<LogEntry>
}

/** One record read on first use: the record or why it is refused (`undefined`: none stored), and the stored notes. */
export interface OneRead {
  record: PersistedRecord | Rejection | undefined
  log: Array<LogEntry>
}

export interface PersisterInternals {
  /** Which storage the namespace lives in, so a logout reaches only the other tabs on the same one. */
  readonly scope: string
  readonly throttleMs: number
  /** How long `persistQueryCache` waits for `read()` before it restores nothing and goes memory-only. */
  readonly restoreTimeoutMs: number
  /** `'lazy'`: `read()` only opens the storage, records are read one by one on first use (`readOne`). */
  readonly restore: 'all' | 'lazy'
  /**
   * Reads the namespace in one pass; invalid, expired and other-buster records are deleted and counted.
   * A record dated in the future comes back dated now and invalidated (stale), and is not trusted on disk.
   * May reject: `persistQueryCache` then restores nothing and goes memory-only (`degrade`).
   */
  read: () => Promise<ReadResult>
  /**
   * Reads one record and the stored notes, validated as `read()` validates (a future date comes back as now,
   * invalidated); never rejects: a failure is reported and reads as nothing stored.
   */
  readOne: (hash: string) => Promise<OneRead>
  /** Writes a batch atomically, with invalidation notes merged into the stored ones; never rejects (failures are reported). */
  write: (puts: Array<RecordWrite>, deletes: Array<RecordDelete>, notes?: Array<LogEntry>) => Promise<void>
  /** Deletes every record of the namespace; never rejects. */
  clear: () => Promise<void>
  /** Reports failures as `onError` does (used for serialisation failures found by the caller). */
  report: (error: PersistError) => void
  /** `updatedAt` of the records this tab knows to be stored, by query hash. */
  stored: (hash: string) => number | undefined
  /** Switches to memory mode for good and reports `error`: the restore failed or did not finish in time. */
  degrade: (error: PersistError) => void
}

export const internalsOf = (persister: { readonly [persisterInternals]: PersisterInternals }): PersisterInternals =>
  persister[persisterInternals]
