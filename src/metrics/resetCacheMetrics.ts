// Starts the counts over, e.g. per page view or after a logout.
import type { QueryClient } from '@tanstack/react-query'
import { emptyMetrics, metricsEntry, publish } from './internal/metricsEntry'

/**
 * Sets every counter of `client` back to zero; reported persistence and stream status are kept.
 * @example resetCacheMetrics(queryClient)
 */
export function resetCacheMetrics(client: QueryClient): void {
  const entry = metricsEntry(client)
  const { persistence, stream } = entry.next
  entry.samples = []
  entry.measured = 0
  entry.next = { ...emptyMetrics(), persistence, stream }
  entry.scheduled = true
  publish(entry)
}
