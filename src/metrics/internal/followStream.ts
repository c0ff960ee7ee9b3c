// Keeps a client's stream metrics in step with the invalidation stream the live entry opened for it
// (found in the open-streams slot), so an app that calls `useInvalidationStream` needs no wiring.
import type { QueryClient } from '@tanstack/react-query'
import { reportStreamStatus } from '../reportStreamStatus'
import type { StreamMetrics } from '../CacheMetrics'
import { draft } from './metricsEntry'
import type { MetricsEntry } from './metricsEntry'
import { findOpenStream, isOpenStream, subscribeOpenStreams } from './openStreams'
import type { OpenStream } from './openStreams'
import { toStreamMetrics } from './validReport'

export function followStream(client: QueryClient, entry: MetricsEntry): () => void {
  let followed: OpenStream['status'] | undefined
  let unsubscribe = () => {}
  let last: StreamMetrics | undefined

  const report = (status: unknown) => {
    last = toStreamMetrics(status) ?? last
    reportStreamStatus(client, status as StreamMetrics)
  }

  const sync = () => {
    const next = findOpenStream(client)
    if (next === followed) return
    unsubscribe()
    unsubscribe = () => {}
    if (followed && !next) {
      // It closed (its registration goes before its status says so): show it closed. Still open, it
      // was bound to another client: it was never this client's stream.
      if (isOpenStream(followed)) reportStreamStatus(client, undefined)
      else if (last) reportStreamStatus(client, { ...last, state: 'closed' })
    }
    followed = next
    if (!next) return
    try {
      unsubscribe = next.subscribe(report)
      report(next.getState())
    } catch {
      // A status store that throws is not followed; the panel keeps the last valid status.
      draft(entry).droppedReports++
    }
  }

  const stopWatching = subscribeOpenStreams(sync)
  sync()
  return () => {
    stopWatching()
    unsubscribe()
  }
}
