// The one invalidation path: keys (as prefixes or exact), tags, or both are matched through the
// index, announced with their source, and every query reached is invalidated once.
import type { Query, QueryClient, QueryKey } from '@tanstack/react-query'
import { getQueryIndex } from '../queryIndex'
import { invalidateQueries } from './invalidateQueries'
import type { RefetchBehaviour } from './invalidateQueries'
import { emitInvalidation } from './invalidationEvents'
import type { InvalidationSource } from './invalidationEvents'

export interface Targets {
  prefixes?: ReadonlyArray<QueryKey>
  exactKeys?: ReadonlyArray<QueryKey>
  tags?: ReadonlyArray<string>
}

export function invalidateTargets(
  client: QueryClient,
  { prefixes = [], exactKeys = [], tags = [] }: Targets,
  { source, refetch, cancelRefetch }: RefetchBehaviour & { source: InvalidationSource },
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
  return invalidateQueries(matched, { refetch, cancelRefetch })
}
