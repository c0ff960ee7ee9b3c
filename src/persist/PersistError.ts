// The one error type the persister reports (through `onError` and `stats().lastError`); it throws it only
// for invalid options, at creation.
import { ToolkitError } from '../errors'

/**
 * What went wrong: no usable database (or a restore that did not finish in time), a full disk, a failed
 * read or write, data that cannot be serialised, or an invalid persister option (the one error thrown,
 * by `createIndexedDBPersister`).
 */
export type PersistErrorCode = 'unavailable' | 'quota' | 'storage' | 'serialize' | 'options'

/** @deprecated Use `PersistErrorCode`. */
export type PersistErrorReason = PersistErrorCode

export class PersistError extends ToolkitError<PersistErrorCode> {
  override readonly name = 'PersistError'

  /** @deprecated Use `code`; kept as an alias of it. */
  get reason(): PersistErrorCode {
    return this.code
  }
}

export function isPersistError(value: unknown): value is PersistError {
  return value instanceof PersistError
}
