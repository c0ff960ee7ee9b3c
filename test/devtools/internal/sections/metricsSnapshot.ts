// A metrics snapshot as the store hands it to the panel, with the figures a test sets.
import type { CacheLookups, CacheMetrics } from '../../../../src/metrics/index'

/** Lookup tables are objects without a prototype, as the metrics store keeps them. */
export function lookupTable(rows: Record<string, CacheLookups>): Record<string, CacheLookups> {
  return Object.assign(Object.create(null) as Record<string, CacheLookups>, rows)
}

export function metricsSnapshot(figures: Partial<CacheMetrics> = {}): CacheMetrics {
  return {
    hits: 0,
    staleHits: 0,
    misses: 0,
    scopes: lookupTable({}),
    tiers: lookupTable({}),
    fetches: 0,
    errors: 0,
    latency: { p50: undefined, p95: undefined, count: 0 },
    invalidations: { mutation: 0, stream: 0, tab: 0, manual: 0 },
    mutations: 0,
    mutationErrors: 0,
    persistence: undefined,
    stream: undefined,
    droppedReports: 0,
    ...figures,
  }
}
