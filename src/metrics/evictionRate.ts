// Eviction rate: how often the cache bound cost a query, against how often the cache was looked up.
import type { CacheMetrics } from './CacheMetrics'

/**
 * evictions / (hits + stale hits + misses), 0 before any lookup. The seed's target is below 5%.
 * @example const rate = evictionRate(getCacheMetrics(queryClient))
 */
export function evictionRate({ evictions, hits, staleHits, misses }: CacheMetrics): number {
  return evictions / (hits + staleHits + misses || 1)
}
