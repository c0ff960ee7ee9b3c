// What an app holds of a mutation outbox, and the options that make one (`createMutationOutbox`).
import type { PersistError } from '../PersistError'
import type { PersistStorage } from '../PersistStorage'
import type { OutboxRecord } from './outboxRecord'

export type OutboxEntry = Readonly<OutboxRecord>

export interface OutboxSnapshot {
  /** Records waiting to be sent, or being sent, oldest first. */
  pending: ReadonlyArray<OutboxEntry>
  /** Records the server refused (not a network error, not 5xx), kept until `retry(id)` or `discard(id)`. */
  failed: ReadonlyArray<OutboxEntry>
  /** Whether this tab is sending the outbox now. */
  replaying: boolean
}

export interface OutboxStats {
  /** Stored records dropped unsent: not JSON, a wrong shape, another namespace, oversized, an unknown name. */
  droppedRecords: number
  /** Messages from other tabs dropped: a wrong envelope, oversized, a bad payload. */
  droppedMessages: number
  /** Records this tab sent successfully. */
  sent: number
  /** Sends this tab retried after a network error or a 5xx. */
  retried: number
  lastError: PersistError | undefined
}

export interface MutationOutboxOptions {
  /** The durable mutations (`defineMutation({ durable: true, name })` hooks) this outbox may send. */
  mutations: ReadonlyArray<object>
  /**
   * The storage the persister was given, when it was given one (the persister does not expose it).
   * @default the persister's IndexedDB database (`createIndexedDBStorage(dbName)`)
   */
  storage?: PersistStorage
  /**
   * Whether a failed send never reached the server, so it waits and retries. 5xx answers (an error with a
   * numeric `status` or `response.status` of 500 or more) are retried whatever this says.
   * @default (error) => error instanceof TypeError (what `fetch` rejects with when there is no answer)
   */
  isNetworkError?: (error: unknown) => boolean
  /**
   * First retry delay, in ms; each retry doubles it up to `retryMaxMs`, then takes a random point in the
   * upper half of it (jitter).
   * @default 1_000
   */
  retryBaseMs?: number
  /** @default 60_000 */
  retryMaxMs?: number
  /**
   * How long one send may go unanswered, in ms: then it counts as a network failure and is sent again (same
   * idempotency key) after the backoff, so a server that never answers cannot hold the queue forever.
   * @default 30_000
   */
  sendTimeoutMs?: number
  /**
   * Largest record (its JSON, UTF-16 length): a larger input fails the mutation (`PersistError('serialize')`),
   * and a larger stored record is dropped unsent.
   * @default 262_144 (256 KiB)
   */
  maxRecordSize?: number
  /**
   * Told about storage failures the outbox absorbs (a failed read at start, a record it could not update).
   * A failure to record a new mutation is not absorbed: that mutation fails with the `PersistError`.
   * @default undefined (failures land in `stats().lastError`)
   */
  onError?: (error: PersistError) => void
}

export interface MutationOutbox {
  /** Resolves once the stored records are read and their optimistic layers re-applied. */
  readonly ready: Promise<void>
  getSnapshot: () => OutboxSnapshot
  subscribe: (listener: () => void) => () => void
  /** Sends a failed record again (its optimistic layer is applied again). */
  retry: (id: string) => Promise<void>
  /** Deletes a record unsent (a waiting mutation rejects with `OutboxError('discarded')`), and rolls back its layer. */
  discard: (id: string) => Promise<void>
  /** Sends what is pending now, if online (it also runs on start, on reconnect and on every new record). */
  replay: () => Promise<void>
  stats: () => OutboxStats
  /** Detaches the outbox: durable mutations of the client then run as plain mutations. */
  stop: () => void
}
