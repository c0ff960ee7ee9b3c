// The one error the hub throws at its caller, with a code saying which mistake it was.

export type InvalidationHubErrorCode =
  /** `publish`/`reset` got input outside protocol v1 (bad keys, tags, scopes or an oversized event). */
  | 'invalid-event'
  /** Bad hub or bus options. */
  | 'invalid-options'
  /** The hub or bus was used after `close()`. */
  | 'closed'

export class InvalidationHubError extends Error {
  override name = 'InvalidationHubError'
  readonly code: InvalidationHubErrorCode

  constructor(code: InvalidationHubErrorCode, message: string, options?: { cause?: unknown }) {
    super(`react-query-toolkit/server: ${message}`, options)
    this.code = code
  }
}

export function isInvalidationHubError(error: unknown): error is InvalidationHubError {
  return error instanceof InvalidationHubError
}
