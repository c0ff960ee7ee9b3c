// Synchronous read of the metrics, for exporters and tests.
import type { QueryClient } from '@tanstack/react-query'
import type { CacheMetrics } from './CacheMetrics'
import { metricsEntry, publish } from './internal/metricsEntry'

/**
 * The current metrics of `client`, as a plain snapshot (all zeros until `trackCacheMetrics` runs).
 * @example navigator.sendBeacon('/metrics', toPrometheus(getCacheMetrics(queryClient)))
 */
export function getCacheMetrics(client: QueryClient): CacheMetrics {
  const entry = metricsEntry(client)
  publish(entry)
  return entry.snapshot
}
