// The one error convention of every entry: a base class with a `code`, one subclass per entry, each with
// a type guard, and one message prefix. Entries import the base from here, so the build puts it in a shared
// chunk and `instanceof ToolkitError` holds across entries.

const PREFIX = '[react-query-toolkit] '

/**
 * The base of every error the toolkit throws or reports. `code` names the cause as a short kebab-case
 * string; the message starts with `[react-query-toolkit] ` and, in production builds, is kept short.
 */
export class ToolkitError<TCode extends string = string> extends Error {
  override name = 'ToolkitError'
  readonly code: TCode

  constructor(code: TCode, message: string = code, options?: { cause?: unknown }) {
    super(message.startsWith(PREFIX) ? message : PREFIX + message, options)
    this.code = code
  }
}

/** Whether `value` is an error of the toolkit, and, given a `code`, one with that code. */
export function isToolkitError<TCode extends string = string>(
  value: unknown,
  code?: TCode,
): value is ToolkitError<TCode> {
  return value instanceof ToolkitError && (code === undefined || value.code === code)
}

/** Codes of the core entry's option checks (thrown as a plain `ToolkitError`). */
export type CoreErrorCode =
  /** A tier, `warmCache` or invalidation option is out of range or not one of the allowed values. */
  | 'invalid-options'
  /** A tier name that neither the built-in tiers nor `defineTiers` define. */
  | 'unknown-tier'

export type QueryKeyErrorCode =
  /** A key part that cannot be part of a query key (a function, symbol, bigint, cyclic object…), or a key that is not an array. */
  | 'invalid-key'
  /** A key factory's schema is malformed: no scope name, a reserved name, deeper nesting, a scope used twice. */
  | 'invalid-schema'
  /** `defineQueries` names a key the key factory does not have. */
  | 'unknown-key'
  /** Tags that are not an array of strings. */
  | 'invalid-tags'
  /** Matching a key threw (a key nested too deep to compare, a query's own hash function failed); `cause` has it. */
  | 'unmatchable-key'

/** A key, key factory or tag list that cannot be used, from a factory, a definition or an invalidation. */
export class QueryKeyError extends ToolkitError<QueryKeyErrorCode> {
  override name = 'QueryKeyError'
}

export function isQueryKeyError(value: unknown): value is QueryKeyError {
  return value instanceof QueryKeyError
}
