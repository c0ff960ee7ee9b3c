// The one invalidation path: keys (as prefixes or exact), tags, or both are matched through the
// index, announced with their source, and every query reached is invalidated once, then refetched
// the way `queryClient.invalidateQueries` does, so the two paths behave alike.
import { notifyManager } from '@tanstack/react-query'
import type { Query, QueryClient, QueryKey } from '@tanstack/react-query'
import { getQueryIndex } from '../queryIndex'
import { emitInvalidation, invalidationSources, refetchScopes } from './invalidationEvents'
import type { InvalidationSource, RefetchScope } from './invalidationEvents'

export interface Targets {
  prefixes?: ReadonlyArray<QueryKey>
  exactKeys?: ReadonlyArray<QueryKey>
  tags?: ReadonlyArray<string>
}

export interface InvalidationBehaviour {
  source: InvalidationSource
  refetch: RefetchScope
  /** Cancel a fetch already in flight and start over (TanStack's default for invalidation). */
  cancelRefetch: boolean
}

/**
 * Invalidates what `targets` reach. Options are checked first, before anything is touched: a typo'd
 * `refetch` would otherwise quietly act as another scope, and an unknown `source` would count as NaN.
 */
export function invalidateTargets(
  client: QueryClient,
  { prefixes = [], exactKeys = [], tags = [] }: Targets,
  { source, refetch, cancelRefetch }: InvalidationBehaviour,
): Promise<void> {
  checkBehaviour(source, refetch)
  checkKeys(prefixes, 'keys')
  checkKeys(exactKeys, 'keys')
  checkTags(tags)
  const index = getQueryIndex(client)
  const matched = new Set<Query>()
  const gather = (found: Iterable<Query>) => {
    const group = new Set(found)
    group.forEach((query) => matched.add(query))
    return group.size
  }
  const byKeys = (keys: ReadonlyArray<QueryKey>, exact: boolean) => {
    if (keys.length === 0) return
    const count = gather(keys.flatMap((key) => index.matchKey(key, { exact })))
    emitInvalidation(client, { type: 'keys', source, keys, exact, refetch, matched: count })
  }
  byKeys(prefixes, false)
  byKeys(exactKeys, true)
  if (tags.length > 0) {
    emitInvalidation(client, { type: 'tags', source, tags, refetch, matched: gather(index.matchTags(tags)) })
  }
  return notifyManager.batch(() => {
    matched.forEach((query) => query.invalidate())
    if (refetch === 'none') return Promise.resolve()
    const fetches = [...matched]
      .filter((query) => inScope(query, refetch) && !query.isDisabled() && !query.isStatic())
      .map((query) => {
        const promise = query.fetch(undefined, { cancelRefetch }).then(noop, noop)
        return query.state.fetchStatus === 'paused' ? undefined : promise
      })
    return Promise.all(fetches).then(noop)
  })
}

/** TanStack's `type` filter: active means at least one enabled observer. */
function inScope(query: Query, refetch: RefetchScope): boolean {
  if (refetch === 'all') return true
  return query.isActive() === (refetch === 'active')
}

function checkBehaviour(source: unknown, refetch: unknown): void {
  if (!refetchScopes.includes(refetch as RefetchScope)) {
    throw new TypeError(
      `react-query-toolkit: refetch must be one of ${refetchScopes.map((scope) => `'${scope}'`).join(', ')}; got ${describe(refetch)}`,
    )
  }
  if (!invalidationSources.includes(source as InvalidationSource)) {
    throw new TypeError(
      `react-query-toolkit: source must be one of ${invalidationSources.map((name) => `'${name}'`).join(', ')}; got ${describe(source)}`,
    )
  }
}

function checkKeys(keys: unknown, what: string): void {
  if (!Array.isArray(keys)) throw new TypeError(`react-query-toolkit: ${what} must be an array of query keys; got ${describe(keys)}`)
  keys.forEach((key: unknown, position) => {
    if (!Array.isArray(key)) {
      throw new TypeError(`react-query-toolkit: ${what}[${position}] must be a query key (an array); got ${describe(key)}`)
    }
  })
}

function checkTags(tags: unknown): void {
  if (!Array.isArray(tags)) throw new TypeError(`react-query-toolkit: tags must be an array of strings; got ${describe(tags)}`)
  tags.forEach((tag: unknown, position) => {
    if (typeof tag !== 'string') throw new TypeError(`react-query-toolkit: tags[${position}] must be a string; got ${describe(tag)}`)
  })
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (Array.isArray(value)) return 'an array'
  return value === null ? 'null' : typeof value
}

function noop(): void {}
