// Where the invalidation stream reports its status; the live entry stays independent of metrics.
import type { QueryClient } from '@tanstack/react-query'
import type { StreamMetrics } from './CacheMetrics'
import { draft, metricsEntry } from './internal/metricsEntry'
import { toStreamMetrics, warnDropped } from './internal/validReport'

/**
 * Records the invalidation stream's status (`undefined`: no stream). The live entry's status store fits.
 * Streams opened with `useInvalidationStream` are followed by `trackCacheMetrics` without this call.
 * A status that is not one (an unknown state or role, a count that is not a finite number ≥ 0) is
 * dropped, counted in `droppedReports`, and the last valid status is kept.
 * @example const stream = connectInvalidationStream(queryClient, { url: '/api/invalidations' })
 * stream.status.subscribe((status) => reportStreamStatus(queryClient, status))
 */
export function reportStreamStatus(client: QueryClient, status: StreamMetrics | undefined): void {
  const metrics = draft(metricsEntry(client))
  if (status === undefined) {
    metrics.stream = undefined
    return
  }
  const valid = toStreamMetrics(status)
  if (valid) {
    metrics.stream = valid
    return
  }
  metrics.droppedReports++
  warnDropped('reportStreamStatus', status)
}
