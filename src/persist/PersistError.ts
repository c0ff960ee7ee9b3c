// The one error type the persister reports (through `onError` and `stats().lastError`); it never throws it.

/** What went wrong: no usable database, a full disk, a failed read or write, or data that cannot be serialised. */
export type PersistErrorReason = 'unavailable' | 'quota' | 'storage' | 'serialize'

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
