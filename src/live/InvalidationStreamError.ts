// The one error class of the live entry: why a stream connection failed or stopped.

/** A connection answered with an unusable status, ended, or went silent. `status` is the HTTP status, if any. */
export class InvalidationStreamError extends Error {
  override name = 'InvalidationStreamError'
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message)
  }
}

export function isInvalidationStreamError(error: unknown): error is InvalidationStreamError {
  return error instanceof InvalidationStreamError
}
