// Where a cached query stands, as the inspector lists it.
import type { Query } from '@tanstack/react-query'
import { resolveTier } from '../../tiers'
import type { TierName } from '../../tiers'

export type QueryFreshness = 'fetching' | 'paused' | 'error' | 'pending' | 'invalidated' | 'stale' | 'fresh'

type StaleTime = number | 'static' | ((query: Query) => number | 'static') | undefined

/** The staleTime of the query's tier (`meta.tier`), when it names one this app knows. */
function tierStaleTime(query: Query): number | undefined {
  const name = query.meta?.tier
  if (typeof name !== 'string') return
  try {
    return resolveTier(name as TierName).staleTime
  } catch {
    // A tier this app no longer defines (an old persisted record): go by the query's own options.
    return undefined
  }
}

export function queryFreshness(query: Query): QueryFreshness {
  const { state } = query
  if (state.fetchStatus !== 'idle') return state.fetchStatus
  if (state.status === 'error') return 'error'
  if (state.data === undefined) return 'pending'
  if (state.isInvalidated) return 'invalidated'
  // Observed queries know their observers' staleTime. An unobserved query goes by its tier: a query
  // restored from IndexedDB was built with no options of its own (only its meta), so its tier is the
  // only staleTime it has; otherwise by the staleTime it was last built with.
  if (query.getObserversCount() > 0) return query.isStale() ? 'stale' : 'fresh'
  const staleTime = tierStaleTime(query) ?? (query.options as { staleTime?: StaleTime }).staleTime
  return query.isStaleByTime(typeof staleTime === 'function' ? staleTime(query) : staleTime) ? 'stale' : 'fresh'
}
