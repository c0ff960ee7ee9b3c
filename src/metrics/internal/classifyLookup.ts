// Classifies an observer as it mounts, before it fetches, by the rule TanStack's QueryObserver applies
// on mount (`shouldFetchOnMount`): a stale hit is exactly a mount that serves data and refetches.
import type { Query, QueryObserverOptions } from '@tanstack/react-query'
import type { CacheLookups } from '../CacheMetrics'

type QueryValue<T> = T | ((query: Query) => T) | undefined

const resolve = <T>(value: QueryValue<T>, query: Query): T | undefined =>
  typeof value === 'function' ? (value as (query: Query) => T)(query) : value

/** `undefined` when the observer neither reads nor fetches (disabled, or a failed query with `retryOnMount: false`). */
export function classifyLookup(query: Query, options: QueryObserverOptions): keyof CacheLookups | undefined {
  if (resolve(options.enabled as QueryValue<boolean>, query) === false) return
  if (query.state.data === undefined) {
    return query.state.status === 'error' && resolve(options.retryOnMount as QueryValue<boolean>, query) === false
      ? undefined
      : 'misses'
  }
  const staleTime = resolve(options.staleTime as QueryValue<number | 'static'>, query)
  const onMount = resolve(options.refetchOnMount as QueryValue<boolean | 'always'>, query)
  const refetches =
    staleTime !== 'static' && (onMount === 'always' || (onMount !== false && query.isStaleByTime(staleTime)))
  return refetches ? 'staleHits' : 'hits'
}
