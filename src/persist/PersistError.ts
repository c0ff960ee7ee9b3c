// The one error type the persister reports (through `onError` and `stats().lastError`); it throws it only
// for invalid options, at creation.

/**
 * What went wrong: no usable database (or a restore that did not finish in time), a full disk, a failed
 * read or write, data that cannot be serialised, or an invalid persister option (the one error thrown,
 * by `createIndexedDBPersister`).
 */
export type PersistErrorReason = 'unavailable' | 'quota' | 'storage' | 'serialize' | 'options'

export class PersistError extends Error {
  override readonly name = 'PersistError'
  readonly reason: PersistErrorReason

  constructor(reason: PersistErrorReason, message: string, options?: { cause?: unknown }) {
    super(`[react-query-toolkit] ${message}`, options)
    this.reason = reason
  }
}

export function isPersistError(error: unknown): error is PersistError {
  return error instanceof PersistError
}
