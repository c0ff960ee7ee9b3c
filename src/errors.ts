// Named errors of the core entry, each with a type guard.

/** A key factory received an argument that cannot be part of a query key. */
export class QueryKeyError extends Error {
  override name = 'QueryKeyError'
}

export function isQueryKeyError(error: unknown): error is QueryKeyError {
  return error instanceof QueryKeyError
}
