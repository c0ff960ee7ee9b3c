// Prometheus text exposition (format 0.0.4) of a metrics snapshot, for apps that post it to their back end.
import type { CacheMetrics, ScopeMemory } from './CacheMetrics'
import { describeValue } from '../internal/describeValue'
import { MetricsError } from './MetricsError'

export interface PrometheusOptions {
  /**
   * Prefix of every metric name.
   * @default 'cache_'
   * @example 'webapp_query_cache_'
   */
  prefix?: string
  /**
   * Labels added to every sample, e.g. the app and its release. Names must be valid Prometheus label
   * names, not reserved (`__…`) and not one the samples use themselves (`scope`, `tier`, `quantile`,
   * `source`, `state`, `role`); values may hold any text (escaped).
   * @default {}
   * @example { app: 'admin', release: '2026.11.3' }
   */
  labels?: Readonly<Record<string, string>>
}

type Sample = [labels: Readonly<Record<string, string>>, value: number]

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/
const SAMPLE_LABELS = new Set(['scope', 'tier', 'quantile', 'source', 'state', 'role'])

function checkOptions(prefix: string, labels: Readonly<Record<string, string>>): void {
  // Options may come from untyped code: a prefix that is not a string is refused before a regex or JSON.stringify
  // converts it (which throws for a bigint or a null-prototype object).
  if (typeof prefix !== 'string' || !METRIC_NAME.test(prefix)) {
    const long =
      process.env.NODE_ENV !== 'production' && `prefix ${describeValue(prefix)} is not a valid metric name start`
    throw new MetricsError('invalid-options', `toPrometheus: ${long || 'prefix'}`)
  }
  if (typeof labels !== 'object' || labels === null) throw new MetricsError('invalid-options', 'toPrometheus: labels')
  for (const [name, value] of Object.entries(labels)) {
    if (!LABEL_NAME.test(name) || name.startsWith('__') || SAMPLE_LABELS.has(name)) {
      const long = process.env.NODE_ENV !== 'production' && `${JSON.stringify(name)} cannot be a constant label name`
      throw new MetricsError('invalid-options', `toPrometheus: ${long || 'label name'}`)
    }
    if (typeof value !== 'string') {
      const long = process.env.NODE_ENV !== 'production' && `label ${name} must have a string value`
      throw new MetricsError('invalid-options', `toPrometheus: ${long || 'label value'}`)
    }
  }
}

// The text format spells the non-finite values NaN, +Inf and -Inf (JavaScript writes Infinity).
const formatValue = (value: number) =>
  Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf'

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')

function formatLabels(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabel(value)}"`)
  return pairs.length ? `{${pairs.join(',')}}` : ''
}

// The lookup families: per scope under their own names, per tier under `tier_` ones.
const LOOKUPS = [
  ['hits', 'hits', 'Lookups served fresh data'],
  ['staleHits', 'stale_hits', 'Lookups served cached data, then refetched'],
  ['misses', 'misses', 'Lookups that found no data'],
] as const

/**
 * The snapshot as Prometheus text: counters (`_total`) and gauges with `# HELP` and `# TYPE` lines.
 * Lookups are labelled by `scope` (the overall count is their sum) and, in the `tier_` family, by `tier`.
 * @example await fetch('/metrics/cache', { method: 'POST', body: toPrometheus(getCacheMetrics(queryClient)) })
 */
export function toPrometheus(metrics: CacheMetrics, options: PrometheusOptions = {}): string {
  const { prefix = 'cache_', labels = {} } = options
  checkOptions(prefix, labels)
  const lines: Array<string> = []
  const family = (name: string, help: string, samples: Array<Sample>) => {
    if (samples.length === 0) return
    // Every counter's name ends in `_total` (the format's convention), and every other family is a gauge.
    const type = name.endsWith('_total') ? 'counter' : 'gauge'
    lines.push(`# HELP ${prefix}${name} ${help}`, `# TYPE ${prefix}${name} ${type}`)
    for (const [own, value] of samples)
      lines.push(`${prefix}${name}${formatLabels({ ...labels, ...own })} ${formatValue(value)}`)
  }
  const one = (value: number | undefined): Array<Sample> => (value === undefined ? [] : [[{}, value]])
  const { latency, persistence, stream } = metrics
  const restore = persistence?.lastRestore
  const lookups = metrics.hits + metrics.staleHits + metrics.misses

  for (const [label, counts, tier] of [
    ['scope', metrics.scopes, ''],
    ['tier', metrics.tiers, 'tier_'],
  ] as const) {
    for (const [kind, name, help] of LOOKUPS) {
      const samples = Object.entries(counts).map(([value, count]): Sample => [{ [label]: value }, count[kind]])
      family(`${tier}${name}_total`, `${help}, by ${label}.`, samples)
    }
  }
  family('hit_ratio', 'Hits over all lookups.', one(lookups ? metrics.hits / lookups : undefined))
  family('fetches_total', 'Fetches started.', one(metrics.fetches))
  family('fetch_errors_total', 'Fetches failed after retries.', one(metrics.errors))
  family(
    'fetch_duration_seconds',
    'Fetch duration quantiles, last 256 fetches.',
    (
      [
        ['0.5', latency.p50],
        ['0.95', latency.p95],
      ] as const
    ).flatMap(([quantile, ms]): Array<Sample> => (ms === undefined ? [] : [[{ quantile }, ms / 1000]])),
  )
  family(
    'invalidations_total',
    'Invalidations by source.',
    Object.entries(metrics.invalidations).map(([source, count]) => [{ source }, count]),
  )
  const byScope = (field: keyof ScopeMemory): Array<Sample> =>
    Object.entries(metrics.memory).map(([scope, row]) => [{ scope }, row[field]])
  family('evictions_total', 'Queries evicted by limitCache, by scope.', byScope('evictions'))
  family('eviction_ratio', 'Evictions over all lookups.', one(lookups ? metrics.evictions / lookups : undefined))
  family('memory_queries', 'Queries in memory, by scope.', byScope('queries'))
  family('memory_bytes', 'Estimated JSON size of cached data, by scope.', byScope('bytes'))
  family('outbox_pending_records', 'Mutations waiting in the outbox.', one(metrics.outbox?.pending))
  family('outbox_failed_records', 'Mutations the outbox kept as failed.', one(metrics.outbox?.failed))
  family('mutations_total', 'Mutations started.', one(metrics.mutations))
  family('mutation_errors_total', 'Mutations failed.', one(metrics.mutationErrors))
  family('persisted_records', 'Queries persisted.', one(persistence?.records))
  family('persisted_bytes', 'Persisted size (UTF-16 code units).', one(persistence?.bytes))
  family('restored_records', 'Records the last restore hydrated.', one(restore?.restored))
  family('restore_duration_seconds', 'Duration of the last restore.', one(restore && restore.ms / 1000))
  family('stream_up', '1 while the stream is open.', one(stream && +(stream.state === 'open')))
  family('stream_info', 'Stream state and role.', stream ? [[{ state: stream.state, role: stream.role }, 1]] : [])
  family('stream_events_total', 'Stream events received.', one(stream?.received))
  family('stream_dropped_events_total', 'Malformed stream events dropped.', one(stream?.dropped))
  family('dropped_reports_total', 'Invalid reports dropped.', one(metrics.droppedReports))
  return lines.join('\n') + '\n'
}
