// Where a cached query stands, as the inspector lists it.
import type { Query } from '@tanstack/react-query'

export type QueryFreshness = 'fetching' | 'paused' | 'error' | 'pending' | 'invalidated' | 'stale' | 'fresh'

export function queryFreshness(query: Query): QueryFreshness {
  const { state } = query
  if (state.fetchStatus !== 'idle') return state.fetchStatus
  if (state.status === 'error') return 'error'
  if (state.data === undefined) return 'pending'
  if (state.isInvalidated) return 'invalidated'
  // Observed queries know their observers' staleTime; others go by the staleTime they were built with.
  if (query.getObserversCount() > 0) return query.isStale() ? 'stale' : 'fresh'
  const { staleTime } = query.options as { staleTime?: number | 'static' | ((query: Query) => number | 'static') }
  return query.isStaleByTime(typeof staleTime === 'function' ? staleTime(query) : staleTime) ? 'stale' : 'fresh'
}
