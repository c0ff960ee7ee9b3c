// A development panel over the cache metrics and the cached queries of one QueryClient: the shell that
// connects the sources and lays out one component per section.
import { useQueryClient } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import type { CSSProperties } from 'react'
// By the public name, kept external in the build: the panel shares the app's metrics store instead of
// bundling a second copy of it.
import { resetCacheMetrics, useCacheMetrics } from 'react-query-toolkit/metrics'
import type { StreamMetrics } from 'react-query-toolkit/metrics'
import { FetchesSection } from './internal/sections/FetchesSection'
import { InvalidationsSection } from './internal/sections/InvalidationsSection'
import { LookupsSection } from './internal/sections/LookupsSection'
import { MemorySection } from './internal/sections/MemorySection'
import { QueriesSection } from './internal/sections/QueriesSection'
import { ScopesSection } from './internal/sections/ScopesSection'
import { StreamAndPersistenceSection } from './internal/sections/StreamAndPersistenceSection'
import { TargetsSection } from './internal/sections/TargetsSection'
import { TiersSection } from './internal/sections/TiersSection'
import { ShadowPanel } from './internal/ShadowPanel'
import { useCacheRevision } from './internal/useCacheRevision'
import { useReportedSources } from './internal/useReportedSources'

/** A status store such as the live entry's `stream.status` (a zustand store). */
export interface StreamStatusSource {
  getState: () => StreamMetrics
  subscribe: (listener: (status: StreamMetrics) => void) => () => void
}

export interface CacheInspectorProps {
  /**
   * The client to inspect.
   * @default the client of the nearest QueryClientProvider
   * @example <CacheInspector client={queryClient} />
   */
  client?: QueryClient
  /**
   * A persister whose `stats()` the panel reads every `refreshMs` (the persist entry's persister fits).
   * Without it the panel shows what was sent with `reportPersistence`.
   * @default undefined
   * @example <CacheInspector persister={persister} />
   */
  persister?: { stats: () => { records: number; bytes: number } }
  /**
   * An invalidation stream to follow (the live entry's `connectInvalidationStream` result fits).
   * Without it the panel shows the stream `useInvalidationStream` opened for its client (followed by
   * the metrics), or what was sent with `reportStreamStatus`.
   * @default undefined
   * @example <CacheInspector stream={stream} />
   */
  stream?: { status: StreamStatusSource }
  /**
   * How often freshness and persister figures are re-read, in ms (`0`: only on cache events).
   * @default 1000
   * @example 250
   */
  refreshMs?: number
  /**
   * How many cached queries are listed (most recently updated first).
   * @default 50
   * @example 200
   */
  maxQueries?: number
  /**
   * Style of the panel's outer element (the host of its shadow root: where it sits, its border and size).
   * @default undefined
   * @example { position: 'fixed', bottom: 0, right: 0, maxHeight: '50vh', overflow: 'auto' }
   */
  style?: CSSProperties
}

/**
 * Shows the hit rate, lookups per scope and tier, fetch latency, invalidations by source, the stream's
 * status and role, the persisted size, evictions, estimated bytes and outbox depth, the seed's targets (hit
 * rate > 80%, eviction rate < 5%) as met or not, and the cached queries with their tier and freshness,
 * filtered by key text, tier and freshness. Its styles live in a shadow root: the page's CSS does not
 * reach it and its own does not reach the page. It starts
 * `trackCacheMetrics` for its client while mounted (start it at app startup to count from the first query).
 * @example
 * import { CacheInspector } from 'react-query-toolkit/devtools'
 * {import.meta.env.DEV && <CacheInspector persister={persister} />}
 */
export function CacheInspector({
  client: clientProp,
  persister,
  stream,
  refreshMs = 1000,
  maxQueries = 50,
  style,
}: CacheInspectorProps) {
  const client = useQueryClient(clientProp)
  useReportedSources(client, { persister, stream, refreshMs })
  useCacheRevision(client, refreshMs)
  const metrics = useCacheMetrics((snapshot) => snapshot, client)

  return (
    <ShadowPanel label="Cache inspector" style={style}>
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <strong>Query cache</strong>
        <button type="button" onClick={() => resetCacheMetrics(client)}>
          Reset counters
        </button>
      </header>
      <LookupsSection metrics={metrics} />
      <TargetsSection metrics={metrics} />
      <FetchesSection metrics={metrics} />
      <InvalidationsSection metrics={metrics} />
      <StreamAndPersistenceSection metrics={metrics} />
      <MemorySection metrics={metrics} />
      <ScopesSection metrics={metrics} />
      <TiersSection metrics={metrics} />
      <QueriesSection client={client} maxQueries={maxQueries} />
    </ShadowPanel>
  )
}
