// React binding of the metrics store.
import { useQueryClient } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import { useCallback, useSyncExternalStore } from 'react'
import type { CacheMetrics } from './CacheMetrics'
import { metricsEntry, subscribe } from './internal/metricsEntry'

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
  selector?: (metrics: CacheMetrics) => TSelected | CacheMetrics,
  client?: QueryClient,
): TSelected | CacheMetrics {
  const entry = metricsEntry(useQueryClient(client))
  const select = selector ?? whole
  return useSyncExternalStore(
    useCallback((listener: () => void) => subscribe(entry, listener), [entry]),
    () => select(entry.snapshot),
    // A server render, and hydration, read the first snapshot: all zeros, as the server counted nothing.
    () => select(entry.initial),
  )
}
