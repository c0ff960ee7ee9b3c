// Starts the counts over, e.g. per page view or after a logout.
import type { QueryClient } from '@tanstack/react-query'
import { emptyMetrics, metricsEntry, publish } from './internal/metricsEntry'

/**
 * Sets every counter of `client` back to zero (evictions included); the gauges (queries and bytes in
 * memory, outbox depth, reported persistence and stream status) are kept.
 * @example resetCacheMetrics(queryClient)
 */
export function resetCacheMetrics(client: QueryClient): void {
  const entry = metricsEntry(client)
  const { persistence, stream, outbox, memory } = entry.next
  const next = { ...emptyMetrics(), persistence, stream, outbox }
  for (const scope in memory) {
    const { queries, bytes } = memory[scope]!
    if (queries > 0) next.memory[scope] = { queries, bytes, evictions: 0 }
  }
  entry.samples = []
  entry.measured = 0
  entry.next = next
  entry.scheduled = true
  publish(entry)
}
