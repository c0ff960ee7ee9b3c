// (A helper of createQueryKeys, kept out of internal/, which holds the invalidation engine alone.)
// Rejects what cannot live in a query key: TanStack hashes keys as JSON, so functions, symbols,
// bigints and cycles would break hashing or silently collide.
import { QueryKeyError } from './errors'

export function assertKeyParts(parts: ReadonlyArray<unknown>, keyName: string): void {
  const path = new Set<object>()
  parts.forEach((part, index) => check(part, `${keyName} argument ${index}`, path))
}

function check(value: unknown, where: string, path: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return
    case 'function':
    case 'symbol':
    case 'bigint':
      throw new QueryKeyError('invalid-key', `${where} is a ${typeof value}, which cannot be part of a query key`)
  }
  if (value === null) return
  const object = value as object
  if (path.has(object)) {
    throw new QueryKeyError('invalid-key', `${where} is cyclic, which cannot be part of a query key`)
  }
  path.add(object)
  for (const [property, item] of Object.entries(object)) check(item, `${where}.${property}`, path)
  path.delete(object)
}
