// The one error class of the live entry: why a stream connection failed or stopped (`status.lastError`).
import { ToolkitError } from '../errors'

export type InvalidationStreamErrorCode =
  /** The server answered 401 or 403: the stream stops until `reconnect()`. */
  | 'unauthorized'
  /** The server answered another status than 200 (see `status`), or no body. */
  | 'bad-status'
  /** The answer is not an event stream: another Content-Type, or lines that are not SSE. */
  | 'not-event-stream'
  /** One event is larger than `maxBufferSize`. */
  | 'event-too-large'
  /** Nothing arrived, not even a ping, for `heartbeatTimeoutMs`. */
  | 'heartbeat-timeout'
  /** The server ended the response. */
  | 'stream-ended'
  /** The headers source, the fetch or a read failed (offline, CORS, DNS); `cause` has the original error. */
  | 'connection-failed'

/** A connection answered with an unusable status, ended, failed or went silent. `status` is the HTTP status, if any. */
export class InvalidationStreamError extends ToolkitError<InvalidationStreamErrorCode> {
  override name = 'InvalidationStreamError'
  /** The HTTP status of the answer, when there was one. */
  readonly status: number | undefined

  constructor(code: InvalidationStreamErrorCode, message?: string, options?: { status?: number; cause?: unknown }) {
    // Error reads `cause` from the options and ignores `status`.
    super(code, message, options)
    this.status = options?.status
  }
}

export function isInvalidationStreamError(value: unknown): value is InvalidationStreamError {
  return value instanceof InvalidationStreamError
}
