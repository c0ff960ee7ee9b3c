// Hit rate of a set of lookups: the whole cache, a scope or a tier.

import type { CacheLookups } from './CacheMetrics'

/**
 * hits / (hits + stale hits + misses), from 0 to 1; 0 before any lookup.
 * @example const overall = hitRate(getCacheMetrics(queryClient))
 * @example const projects = hitRate(metrics.scopes.projects ?? { hits: 0, staleHits: 0, misses: 0 })
 */
export function hitRate({ hits, staleHits, misses }: CacheLookups): number {
  return hits / (hits + staleHits + misses || 1)
}
