// React binding of the metrics store.
import { useQueryClient } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import { useStore } from 'zustand'
import type { CacheMetrics } from './CacheMetrics'
import { metricsEntry } from './internal/metricsEntry'

const whole = (metrics: CacheMetrics) => metrics

/**
 * The cache metrics of `client` (default: the provider's), or the part `selector` picks; the selector
 * must return a stable value (a field, a number). Updates once per TanStack notify batch.
 * @example const misses = useCacheMetrics((metrics) => metrics.misses)
 */
export function useCacheMetrics(): CacheMetrics
export function useCacheMetrics<TSelected>(
  selector: (metrics: CacheMetrics) => TSelected,
  client?: QueryClient,
): TSelected
export function useCacheMetrics<TSelected>(
  selector?: (metrics: CacheMetrics) => TSelected,
  client?: QueryClient,
): TSelected | CacheMetrics {
  return useStore(
    metricsEntry(useQueryClient(client)).store,
    selector ?? (whole as (metrics: CacheMetrics) => TSelected),
  )
}
