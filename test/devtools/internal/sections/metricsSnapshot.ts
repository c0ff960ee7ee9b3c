// A metrics snapshot as the store hands it to the panel, with the figures a test sets.
import { QueryClient } from '@tanstack/react-query'
import { getCacheMetrics } from '../../../../src/metrics/index'
import type { CacheLookups, CacheMetrics } from '../../../../src/metrics/index'

/** Lookup tables are objects without a prototype, as the metrics store keeps them. */
export function lookupTable(rows: Record<string, CacheLookups>): Record<string, CacheLookups> {
  return Object.assign(Object.create(null) as Record<string, CacheLookups>, rows)
}

/** The store's own empty snapshot (all zeros before tracking), with the figures a test sets. */
export function metricsSnapshot(figures: Partial<CacheMetrics> = {}): CacheMetrics {
  return { ...getCacheMetrics(new QueryClient()), ...figures }
}
