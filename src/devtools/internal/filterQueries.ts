// The Queries section's filter: by key text, tier and freshness; what it hides is counted, not lost.
import type { Query } from '@tanstack/react-query'
import { queryFreshness } from './queryFreshness'
import type { QueryFreshness } from './queryFreshness'

export interface QueryFilter {
  /** Text the query hash contains, any case; empty for every key. */
  text: string
  /** A tier name (`untiered` for none); empty for every tier. */
  tier: string
  freshness: QueryFreshness | ''
}

export interface ListedQuery {
  query: Query
  tier: string
  freshness: QueryFreshness
}

// meta.tier may be anything the app or IndexedDB put there: only a string names a tier.
export const tierOf = (query: Query): string => {
  const tier: unknown = query.meta?.tier
  return typeof tier === 'string' ? tier : 'untiered'
}

/** The queries the filter lets through, each with its tier and freshness (worked out once). */
export function filterQueries(queries: ReadonlyArray<Query>, filter: QueryFilter): Array<ListedQuery> {
  const text = filter.text.trim().toLowerCase()
  const listed: Array<ListedQuery> = []
  for (const query of queries) {
    if (text && !query.queryHash.toLowerCase().includes(text)) continue
    const tier = tierOf(query)
    if (filter.tier && tier !== filter.tier) continue
    const freshness = queryFreshness(query)
    if (filter.freshness && freshness !== filter.freshness) continue
    listed.push({ query, tier, freshness })
  }
  return listed
}
