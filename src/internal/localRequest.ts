// The edge of local calls (a mutation's `invalidates`, `invalidateKeys`, `invalidateTags`): their input
// is checked and converted to the engine's request before anything is touched. A typo'd `refetch` would
// otherwise quietly act as another scope, and an unknown `source` would be counted as nothing.
import type { QueryKey } from '@tanstack/react-query'
import { QueryKeyError, ToolkitError } from '../errors'
import type { CoreErrorCode } from '../errors'
import { scopes, sources } from './invalidationRequest'
import type { InvalidationRequest, RequestTarget, Scope, Source } from './invalidationRequest'

export interface LocalTargets {
  prefixes?: ReadonlyArray<QueryKey>
  exactKeys?: ReadonlyArray<QueryKey>
  tags?: ReadonlyArray<string>
}

/**
 * Throws a `ToolkitError` (`invalid-options`) or a `QueryKeyError` (`invalid-key`, `invalid-tags`) naming the first
 * bad option, key or tag; the value's description is development-only.
 */
export function localRequest(
  { prefixes = [], exactKeys = [], tags = [] }: LocalTargets,
  { source, refetch }: { source: Source; refetch: Scope },
): InvalidationRequest {
  if (!scopes.includes(refetch)) {
    throw new ToolkitError<CoreErrorCode>(
      'invalid-options',
      process.env.NODE_ENV !== 'production'
        ? `refetch must be one of ${list(scopes)}; got ${describe(refetch)}`
        : 'invalid-options: refetch',
    )
  }
  if (!sources.includes(source)) {
    throw new ToolkitError<CoreErrorCode>(
      'invalid-options',
      process.env.NODE_ENV !== 'production'
        ? `source must be one of ${list(sources)}; got ${describe(source)}`
        : 'invalid-options: source',
    )
  }
  checkKeys(prefixes)
  checkKeys(exactKeys)
  checkTags(tags)
  const request: Array<RequestTarget> = []
  for (const key of prefixes) request.push({ key, exact: false, refetch })
  for (const key of exactKeys) request.push({ key, exact: true, refetch })
  for (const tag of tags) request.push({ tag, refetch })
  return request
}

function checkKeys(keys: unknown): void {
  if (!Array.isArray(keys)) {
    const long = process.env.NODE_ENV !== 'production' && `keys must be an array of query keys; got ${describe(keys)}`
    throw new QueryKeyError('invalid-key', long || 'invalid-key: keys')
  }
  keys.forEach((key: unknown, position) => {
    if (!Array.isArray(key)) {
      const long =
        process.env.NODE_ENV !== 'production' &&
        `keys[${position}] must be a query key (an array); got ${describe(key)}`
      throw new QueryKeyError('invalid-key', long || `invalid-key: keys[${position}]`)
    }
  })
}

function checkTags(tags: unknown): void {
  if (!Array.isArray(tags)) {
    const long = process.env.NODE_ENV !== 'production' && `tags must be an array of strings; got ${describe(tags)}`
    throw new QueryKeyError('invalid-tags', long || 'invalid-tags: tags')
  }
  tags.forEach((tag: unknown, position) => {
    if (typeof tag !== 'string') {
      const long = process.env.NODE_ENV !== 'production' && `tags[${position}] must be a string; got ${describe(tag)}`
      throw new QueryKeyError('invalid-tags', long || `invalid-tags: tags[${position}]`)
    }
  })
}

const list = (names: ReadonlyArray<string>) => names.map((name) => `'${name}'`).join(', ')

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (Array.isArray(value)) return 'an array'
  return value === null ? 'null' : typeof value
}
