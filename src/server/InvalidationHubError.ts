// The one error the hub throws at its caller, with a code saying which mistake it was.
import { ToolkitError } from '../errors'

export type InvalidationHubErrorCode =
  /** `publish`/`reset` got input outside protocol v1 (bad keys, tags, scopes or an oversized event). */
  | 'invalid-event'
  /** Bad hub or bus options. */
  | 'invalid-options'
  /** The hub or bus was used after `close()`. */
  | 'closed'
  /** The bus answered something unusable (a Redis reply of the wrong shape, an unsafe id, entries trimmed mid-replay). */
  | 'bus-failed'

export class InvalidationHubError extends ToolkitError<InvalidationHubErrorCode> {
  override name = 'InvalidationHubError'
}

export function isInvalidationHubError(value: unknown): value is InvalidationHubError {
  return value instanceof InvalidationHubError
}
