// Where the invalidation stream reports its status; the live entry stays independent of metrics.
import type { QueryClient } from '@tanstack/react-query'
import type { StreamMetrics } from './CacheMetrics'
import { draft, metricsEntry } from './internal/metricsEntry'

/**
 * Records the invalidation stream's status (`undefined`: no stream). The live entry's status store fits.
 * @example const stream = connectInvalidationStream(queryClient, { url: '/api/invalidations' })
 * stream.status.subscribe((status) => reportStreamStatus(queryClient, status))
 */
export function reportStreamStatus(client: QueryClient, status: StreamMetrics | undefined): void {
  draft(metricsEntry(client)).stream = status && {
    state: status.state,
    role: status.role,
    received: status.received,
    dropped: status.dropped,
    retryCount: status.retryCount,
  }
}
