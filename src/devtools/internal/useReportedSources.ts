// What the inspector feeds into the metrics while mounted: tracking itself, and the stream and persister
// it was given. Both come from the app and may misbehave: a source that throws is reported as invalid
// (dropped and counted by the metrics) instead of breaking the panel or the app around it.
import type { QueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { reportPersistence, reportStreamStatus, trackCacheMetrics } from 'react-query-toolkit/metrics'
import type { PersistenceMetrics, StreamMetrics } from 'react-query-toolkit/metrics'
import type { CacheInspectorProps } from '../CacheInspector'
import { everyRefresh } from './everyRefresh'

/** `read()`, or `null` (which the metrics drop and count as an invalid report) when it throws. */
function attempt<T>(read: () => T): T {
  try {
    return read()
  } catch {
    return null as T
  }
}

export function useReportedSources(
  client: QueryClient,
  { persister, stream, refreshMs }: Pick<CacheInspectorProps, 'persister' | 'stream'> & { refreshMs: number },
): void {
  useEffect(() => trackCacheMetrics(client), [client])
  useEffect(() => {
    if (!stream) return
    const report = (status: StreamMetrics) => reportStreamStatus(client, status)
    report(attempt(() => stream.status.getState()))
    const unsubscribe = attempt(() => stream.status.subscribe(report))
    if (typeof unsubscribe === 'function') return unsubscribe
    report(null as never)
  }, [client, stream])
  useEffect(() => {
    if (!persister) return
    const read = () =>
      reportPersistence(
        client,
        attempt((): Partial<PersistenceMetrics> => persister.stats()),
      )
    read()
    return everyRefresh(read, refreshMs)
  }, [client, persister, refreshMs])
}
