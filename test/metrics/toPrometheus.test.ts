import { describe, expect, it } from 'vitest'
import { toPrometheus } from '../../src/metrics/toPrometheus'
import type { CacheMetrics } from '../../src/metrics/CacheMetrics'
import { emptyMetrics } from '../../src/metrics/internal/metricsEntry'

const empty: CacheMetrics = emptyMetrics()

const busy: CacheMetrics = {
  ...empty,
  hits: 12,
  staleHits: 3,
  misses: 5,
  scopes: { projects: { hits: 12, staleHits: 1, misses: 2 }, users: { hits: 0, staleHits: 2, misses: 3 } },
  tiers: { normal: { hits: 12, staleHits: 3, misses: 5 } },
  fetches: 9,
  errors: 1,
  latency: { p50: 120, p95: 870, count: 9 },
  invalidations: { mutation: 4, stream: 2, tab: 1, manual: 0 },
  mutations: 4,
  mutationErrors: 1,
  persistence: { records: 7, bytes: 2048, lastRestore: { restored: 6, expired: 1, busted: 0, corrupt: 0, ms: 35 } },
  stream: { state: 'open', role: 'leader', received: 10, dropped: 2, retryCount: 0 },
}

const sample = (text: string, name: string) =>
  text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))

describe('toPrometheus', () => {
  it('writes hits per scope as counters', () => {
    expect(sample(toPrometheus(busy), 'cache_hits_total')).toEqual([
      'cache_hits_total{scope="projects"} 12',
      'cache_hits_total{scope="users"} 0',
    ])
  })

  it('writes a HELP and a TYPE line before each family', () => {
    const lines = toPrometheus(busy).split('\n')
    const at = lines.indexOf('# TYPE cache_misses_total counter')
    expect(lines[at - 1]).toMatch(/^# HELP cache_misses_total \S/)
    expect(lines[at + 1]).toBe('cache_misses_total{scope="projects"} 2')
  })

  it('writes lookups per tier in their own families', () => {
    expect(sample(toPrometheus(busy), 'cache_tier_stale_hits_total')).toEqual([
      'cache_tier_stale_hits_total{tier="normal"} 3',
    ])
  })

  it('writes the overall hit ratio as a gauge', () => {
    const text = toPrometheus(busy)
    expect(text).toContain('# TYPE cache_hit_ratio gauge')
    expect(sample(text, 'cache_hit_ratio')).toEqual(['cache_hit_ratio 0.6'])
  })

  it('writes latency quantiles in seconds', () => {
    expect(sample(toPrometheus(busy), 'cache_fetch_duration_seconds')).toEqual([
      'cache_fetch_duration_seconds{quantile="0.5"} 0.12',
      'cache_fetch_duration_seconds{quantile="0.95"} 0.87',
    ])
  })

  it('writes invalidations labelled by source', () => {
    expect(sample(toPrometheus(busy), 'cache_invalidations_total')).toEqual([
      'cache_invalidations_total{source="mutation"} 4',
      'cache_invalidations_total{source="stream"} 2',
      'cache_invalidations_total{source="tab"} 1',
      'cache_invalidations_total{source="manual"} 0',
    ])
  })

  it('writes persistence and stream figures when they were reported', () => {
    const text = toPrometheus(busy)
    expect(sample(text, 'cache_persisted_bytes')).toEqual(['cache_persisted_bytes 2048'])
    expect(sample(text, 'cache_restore_duration_seconds')).toEqual(['cache_restore_duration_seconds 0.035'])
    expect(sample(text, 'cache_stream_up')).toEqual(['cache_stream_up 1'])
    expect(sample(text, 'cache_stream_info')).toEqual(['cache_stream_info{state="open",role="leader"} 1'])
  })

  it('writes evictions, queries and estimated bytes in memory per scope', () => {
    const text = toPrometheus({
      ...busy,
      evictions: 2,
      memory: { projects: { queries: 3, bytes: 1200, evictions: 2 }, users: { queries: 1, bytes: 40, evictions: 0 } },
    })
    expect(sample(text, 'cache_evictions_total')).toEqual([
      'cache_evictions_total{scope="projects"} 2',
      'cache_evictions_total{scope="users"} 0',
    ])
    expect(sample(text, 'cache_memory_bytes')).toEqual([
      'cache_memory_bytes{scope="projects"} 1200',
      'cache_memory_bytes{scope="users"} 40',
    ])
    expect(sample(text, 'cache_memory_queries')[0]).toBe('cache_memory_queries{scope="projects"} 3')
    expect(sample(text, 'cache_eviction_ratio')).toEqual(['cache_eviction_ratio 0.1'])
  })

  it('writes the outbox depth when an outbox is followed', () => {
    const text = toPrometheus({ ...busy, outbox: { pending: 3, failed: 1 } })
    expect(sample(text, 'cache_outbox_pending_records')).toEqual(['cache_outbox_pending_records 3'])
    expect(sample(text, 'cache_outbox_failed_records')).toEqual(['cache_outbox_failed_records 1'])
  })

  it('names every counter with _total and nothing else so, and sizes and durations in bytes and seconds', () => {
    const full = {
      ...busy,
      evictions: 1,
      memory: { p: { queries: 1, bytes: 1, evictions: 1 } },
      outbox: { pending: 0, failed: 0 },
    }
    const types = toPrometheus(full)
      .split('\n')
      .filter((line) => line.startsWith('# TYPE '))
      .map((line) => line.split(' ').slice(2) as [string, string])
    for (const [name, type] of types) {
      expect(name.endsWith('_total'), name).toBe(type === 'counter')
      expect(name, name).not.toMatch(/_(ms|milliseconds|kb|count)$|_total_/)
    }
    expect(types.map(([name]) => name)).toEqual(expect.arrayContaining(['cache_memory_bytes', 'cache_evictions_total']))
  })

  it('leaves out families with nothing to report', () => {
    const text = toPrometheus(empty)
    expect(text).not.toContain('cache_hits_total')
    expect(text).not.toContain('cache_hit_ratio')
    expect(text).not.toContain('cache_fetch_duration_seconds')
    expect(text).not.toContain('cache_persisted_records')
    expect(text).not.toContain('cache_stream_up')
    expect(text).not.toContain('cache_evictions_total')
    expect(text).not.toContain('cache_outbox_pending_records')
    expect(sample(text, 'cache_fetches_total')).toEqual(['cache_fetches_total 0'])
  })

  it('applies the prefix and constant labels to every sample', () => {
    const text = toPrometheus(busy, { prefix: 'web_', labels: { app: 'admin' } })
    expect(sample(text, 'web_fetches_total')).toEqual(['web_fetches_total{app="admin"} 9'])
    expect(sample(text, 'web_hits_total')[0]).toBe('web_hits_total{app="admin",scope="projects"} 12')
    expect(text).not.toMatch(/^cache_/m)
  })

  it('escapes quotes, backslashes and newlines in label values', () => {
    const text = toPrometheus({ ...empty, scopes: { 'a"b\\c\nd': { hits: 1, staleHits: 0, misses: 0 } } })
    expect(sample(text, 'cache_hits_total')).toEqual(['cache_hits_total{scope="a\\"b\\\\c\\nd"} 1'])
  })

  it('ends with a newline and has no blank lines', () => {
    const text = toPrometheus(busy)
    expect(text.endsWith('\n')).toBe(true)
    expect(text.slice(0, -1).split('\n')).not.toContain('')
  })

  it('writes only lines the text format allows', () => {
    const line =
      /^(# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+|[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*",?)*\})? -?[0-9.e+-]+)$/
    for (const text of toPrometheus(busy).slice(0, -1).split('\n')) expect(text).toMatch(line)
  })
})
