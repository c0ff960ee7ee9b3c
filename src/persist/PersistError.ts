// The one error type the persister reports (through `onError` and `stats().lastError`); it never throws it.
import { ToolkitError } from '../errors'

/** What went wrong: no usable database, a full disk, a failed read or write, or data that cannot be serialised. */
export type PersistErrorCode = 'unavailable' | 'quota' | 'storage' | 'serialize'

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
