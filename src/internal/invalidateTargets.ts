// The one invalidation path: keys (as prefixes or exact), tags, or both are matched through the
// index, announced with their source, and every query reached is invalidated once, then refetched
// the way `queryClient.invalidateQueries` does, so the two paths behave alike.
import { notifyManager } from '@tanstack/react-query'
import type { Query, QueryClient, QueryKey } from '@tanstack/react-query'
import { getQueryIndex } from '../queryIndex'
import { emitInvalidation } from './invalidationEvents'
import type { InvalidationSource } from './invalidationEvents'
import type { RefetchType } from './protocol'

export interface Targets {
  prefixes?: ReadonlyArray<QueryKey>
  exactKeys?: ReadonlyArray<QueryKey>
  tags?: ReadonlyArray<string>
}

export interface InvalidationBehaviour {
  source: InvalidationSource
  refetch: RefetchType
  /** Cancel a fetch already in flight and start over (TanStack's default for invalidation). */
  cancelRefetch: boolean
}

export function invalidateTargets(
  client: QueryClient,
  { prefixes = [], exactKeys = [], tags = [] }: Targets,
  { source, refetch, cancelRefetch }: InvalidationBehaviour,
): Promise<void> {
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
      .filter((query) => (refetch === 'all' || query.isActive()) && !query.isDisabled() && !query.isStatic())
      .map((query) => {
        const promise = query.fetch(undefined, { cancelRefetch }).then(noop, noop)
        return query.state.fetchStatus === 'paused' ? undefined : promise
      })
    return Promise.all(fetches).then(noop)
  })
}

function noop(): void {}
