// The edge of local calls (a mutation's `invalidates`, `invalidateKeys`, `invalidateTags`): their input
// is checked and converted to the engine's request before anything is touched. A typo'd `refetch` would
// otherwise quietly act as another scope, and an unknown `source` would be counted as nothing.
import type { QueryKey } from '@tanstack/react-query'
import { scopes, sources } from './invalidationRequest'
import type { InvalidationRequest, RequestTarget, Scope, Source } from './invalidationRequest'

export interface LocalTargets {
  prefixes?: ReadonlyArray<QueryKey>
  exactKeys?: ReadonlyArray<QueryKey>
  tags?: ReadonlyArray<string>
}

/** Throws a `TypeError` naming the first bad option, key or tag. */
export function localRequest(
  { prefixes = [], exactKeys = [], tags = [] }: LocalTargets,
  { source, refetch }: { source: Source; refetch: Scope },
): InvalidationRequest {
  if (!scopes.includes(refetch)) {
    throw new TypeError(`react-query-toolkit: refetch must be one of ${list(scopes)}; got ${describe(refetch)}`)
  }
  if (!sources.includes(source)) {
    throw new TypeError(`react-query-toolkit: source must be one of ${list(sources)}; got ${describe(source)}`)
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
  if (!Array.isArray(keys)) throw new TypeError(`react-query-toolkit: keys must be an array of query keys; got ${describe(keys)}`)
  keys.forEach((key: unknown, position) => {
    if (!Array.isArray(key)) {
      throw new TypeError(`react-query-toolkit: keys[${position}] must be a query key (an array); got ${describe(key)}`)
    }
  })
}

function checkTags(tags: unknown): void {
  if (!Array.isArray(tags)) throw new TypeError(`react-query-toolkit: tags must be an array of strings; got ${describe(tags)}`)
  tags.forEach((tag: unknown, position) => {
    if (typeof tag !== 'string') throw new TypeError(`react-query-toolkit: tags[${position}] must be a string; got ${describe(tag)}`)
  })
}

const list = (names: ReadonlyArray<string>) => names.map((name) => `'${name}'`).join(', ')

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (Array.isArray(value)) return 'an array'
  return value === null ? 'null' : typeof value
}
