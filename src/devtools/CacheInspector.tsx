// A development panel over the cache metrics and the cached queries of one QueryClient.
import { useQueryClient } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import type { CSSProperties, ReactNode } from 'react'
// By the public name, kept external in the build: the panel shares the app's metrics store instead of
// bundling a second copy of it.
import { hitRate, resetCacheMetrics, useCacheMetrics } from 'react-query-toolkit/metrics'
import type { CacheLookups, CacheMetrics, StreamMetrics } from 'react-query-toolkit/metrics'
import { formatAge, formatBytes, formatMs, formatPercent } from './internal/formatFigures'
import { queryFreshness } from './internal/queryFreshness'
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
   * Style of the panel's outer element.
   * @default undefined
   * @example { position: 'fixed', bottom: 0, right: 0, maxHeight: '50vh', overflow: 'auto' }
   */
  style?: CSSProperties
}

const cell: CSSProperties = { padding: '2px 8px', borderBottom: '1px solid #ddd', textAlign: 'left' }
const numeric: CSSProperties = { ...cell, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }
const freshnessColor: Record<string, string> = {
  fresh: '#1a7f37',
  stale: '#9a6700',
  invalidated: '#9a6700',
  fetching: '#0969da',
  paused: '#6e7781',
  pending: '#6e7781',
  error: '#cf222e',
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} style={{ margin: '8px 0' }}>
      <h3 style={{ fontSize: 12, margin: '4px 0', textTransform: 'uppercase', color: '#57606a' }}>{title}</h3>
      {children}
    </section>
  )
}

/** `name` is the accessible name when the visible `label` is too short to stand alone. */
function Figure({ label, name = label, value }: { label: string; name?: string; value: ReactNode }) {
  return (
    <div style={{ display: 'inline-block', marginRight: 16 }}>
      <dt style={{ color: '#57606a' }}>{label}</dt>
      <dd style={{ margin: 0, fontWeight: 600 }} aria-label={name}>
        {value}
      </dd>
    </div>
  )
}

function HitRateGauge({ lookups }: { lookups: CacheLookups }) {
  const rate = hitRate(lookups)
  return (
    <div>
      <div
        role="meter"
        aria-label="Hit rate"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(rate * 1000) / 10}
        aria-valuetext={formatPercent(rate)}
        style={{ height: 10, background: '#eaeef2', borderRadius: 5, overflow: 'hidden', maxWidth: 320 }}
      >
        <div style={{ width: `${rate * 100}%`, height: '100%', background: '#2da44e' }} />
      </div>
      <dl style={{ margin: '4px 0' }}>
        <Figure label="Hit rate" value={formatPercent(rate)} />
        <Figure label="Hits" value={lookups.hits} />
        <Figure label="Stale hits" value={lookups.staleHits} />
        <Figure label="Misses" value={lookups.misses} />
      </dl>
    </div>
  )
}

function LookupTable({ title, column, counts }: { title: string; column: string; counts: Readonly<Record<string, CacheLookups>> }) {
  const rows = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b))
  if (rows.length === 0) return <p style={{ margin: 0, color: '#57606a' }}>No lookups yet.</p>
  return (
    <table aria-label={title} style={{ borderCollapse: 'collapse' }}>
      <thead>
        <tr>
          <th style={cell}>{column}</th>
          <th style={numeric}>hits</th>
          <th style={numeric}>stale</th>
          <th style={numeric}>misses</th>
          <th style={numeric}>hit rate</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, lookups]) => (
          <tr key={name}>
            <th scope="row" style={cell}>
              {name}
            </th>
            <td style={numeric}>{lookups.hits}</td>
            <td style={numeric}>{lookups.staleHits}</td>
            <td style={numeric}>{lookups.misses}</td>
            <td style={numeric}>{formatPercent(hitRate(lookups))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Connections({ metrics }: { metrics: CacheMetrics }) {
  const { stream, persistence } = metrics
  const restore = persistence?.lastRestore
  return (
    <dl style={{ margin: 0 }}>
      <Figure label="Stream" value={stream ? stream.state : 'not connected'} />
      {stream && <Figure label="Role" value={stream.role} />}
      {stream && <Figure label="Stream events" value={`${stream.received} received, ${stream.dropped} dropped`} />}
      <Figure
        label="Persisted"
        value={persistence ? `${persistence.records} records, ${formatBytes(persistence.bytes)}` : 'not persisted'}
      />
      {restore && (
        <Figure
          label="Last restore"
          value={`${restore.restored} restored, ${restore.expired + restore.busted + restore.corrupt} dropped in ${formatMs(restore.ms)}`}
        />
      )}
      {metrics.droppedReports > 0 && <Figure label="Invalid reports dropped" value={metrics.droppedReports} />}
    </dl>
  )
}

function QueryList({ client, maxQueries }: { client: QueryClient; maxQueries: number }) {
  const now = Date.now()
  const queries = client
    .getQueryCache()
    .getAll()
    .sort((a, b) => b.state.dataUpdatedAt - a.state.dataUpdatedAt)
  const shown = queries.slice(0, maxQueries)
  return (
    <table aria-label="Cached queries" style={{ borderCollapse: 'collapse', width: '100%' }}>
      <thead>
        <tr>
          <th style={cell}>key</th>
          <th style={cell}>tier</th>
          <th style={cell}>freshness</th>
          <th style={numeric}>observers</th>
          <th style={cell}>updated</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((query) => {
          const freshness = queryFreshness(query)
          return (
            <tr key={query.queryHash}>
              <th scope="row" style={{ ...cell, fontFamily: 'ui-monospace, monospace', fontWeight: 400 }}>
                {query.queryHash}
              </th>
              <td style={cell}>{String(query.meta?.tier ?? 'untiered')}</td>
              <td style={{ ...cell, color: freshnessColor[freshness] }}>{freshness}</td>
              <td style={numeric}>{query.getObserversCount()}</td>
              <td style={cell}>{formatAge(query.state.dataUpdatedAt, now)}</td>
            </tr>
          )
        })}
      </tbody>
      {queries.length > shown.length && (
        <tfoot>
          <tr>
            <td colSpan={5} style={cell}>
              {queries.length - shown.length} more not shown
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  )
}

/**
 * Shows the hit rate, lookups per scope and tier, fetch latency, invalidations by source, the stream's
 * status and role, the persisted size and every cached query with its tier and freshness. It starts
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
  const { latency, invalidations } = metrics

  return (
    <aside
      aria-label="Cache inspector"
      style={{ font: '12px/1.4 system-ui, sans-serif', color: '#24292f', background: '#fff', padding: 8, ...style }}
    >
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <strong>Query cache</strong>
        <button type="button" onClick={() => resetCacheMetrics(client)}>
          Reset counters
        </button>
      </header>
      <Section title="Lookups">
        <HitRateGauge lookups={metrics} />
      </Section>
      <Section title="Fetches">
        <dl style={{ margin: 0 }}>
          <Figure label="Fetches" value={metrics.fetches} />
          <Figure label="Errors" value={metrics.errors} />
          <Figure label="p50" value={formatMs(latency.p50)} />
          <Figure label="p95" value={formatMs(latency.p95)} />
          <Figure label="Mutations" value={`${metrics.mutations} (${metrics.mutationErrors} failed)`} />
        </dl>
      </Section>
      <Section title="Invalidations">
        <dl style={{ margin: 0 }}>
          {Object.entries(invalidations).map(([source, count]) => (
            <Figure key={source} label={source} name={`Invalidations by ${source}`} value={count} />
          ))}
        </dl>
      </Section>
      <Section title="Stream and persistence">
        <Connections metrics={metrics} />
      </Section>
      <Section title="Scopes">
        <LookupTable title="Lookups by scope" column="scope" counts={metrics.scopes} />
      </Section>
      <Section title="Tiers">
        <LookupTable title="Lookups by tier" column="tier" counts={metrics.tiers} />
      </Section>
      <Section title="Queries">
        <QueryList client={client} maxQueries={maxQueries} />
      </Section>
    </aside>
  )
}
