// toPrometheus against hostile names and values: whatever a query key, a tier name or an option holds,
// the output is valid Prometheus text whose label values read back as the original text.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toPrometheus } from '../../src/metrics/toPrometheus'
import type { CacheMetrics } from '../../src/metrics/CacheMetrics'
import { emptyMetrics } from '../../src/metrics/internal/metricsEntry'

const withScope = (scope: string, tier = 'normal'): CacheMetrics => ({
  ...emptyMetrics(),
  hits: 1,
  scopes: { [scope]: { hits: 1, staleHits: 0, misses: 0 } },
  tiers: { [tier]: { hits: 1, staleHits: 0, misses: 0 } },
})

// One sample line of the text format (0.0.4): name, optional labels with escaped values, a value.
const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*\})? (NaN|[+-]Inf|-?[0-9.e+-]+)$/
const COMMENT = /^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* (?:[^\\\n]|\\[\\n])*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge))$/

/** The value of label `name` in a sample line, unescaped as a Prometheus parser does. */
function readLabel(line: string, name: string): string | undefined {
  const match = new RegExp(`[{,]${name}="((?:[^"\\\\]|\\\\.)*)"`).exec(line)
  return match?.[1]!.replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char))
}

const lines = (text: string) => text.slice(0, -1).split('\n')

describe('toPrometheus with hostile names', () => {
  it('writes valid lines for any scope and tier name, and they read back unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme-composite' }), (scope, tier) => {
        const text = toPrometheus(withScope(scope, tier))
        for (const line of lines(text)) expect(line).toMatch(line.startsWith('#') ? COMMENT : SAMPLE)
        const hits = lines(text).find((line) => line.startsWith('cache_hits_total{'))!
        const tierHits = lines(text).find((line) => line.startsWith('cache_tier_hits_total{'))!
        expect(readLabel(hits, 'scope')).toBe(scope)
        expect(readLabel(tierHits, 'tier')).toBe(tier)
      }),
    )
  })

  it('keeps a scope that tries to close its label and add a sample on one line', () => {
    const text = toPrometheus(withScope('x"} 1\ncache_hits_total{scope="forged'))
    expect(lines(text).filter((line) => line.startsWith('cache_hits_total'))).toHaveLength(1)
  })

  it('escapes constant label values that hold quotes, backslashes and newlines', () => {
    const text = toPrometheus(emptyMetrics(), { labels: { release: 'v1"\\\n' } })
    const fetches = lines(text).find((line) => line.startsWith('cache_fetches_total'))!
    expect(fetches).toMatch(SAMPLE)
    expect(readLabel(fetches, 'release')).toBe('v1"\\\n')
  })

  it.each(['app-name', '1st', 'with space', '__reserved', 'scope', 'quantile', ''])(
    'refuses the constant label name %j',
    (name) => {
      expect(() => toPrometheus(emptyMetrics(), { labels: { [name]: 'x' } })).toThrow(
        /\[react-query-toolkit\] toPrometheus/,
      )
    },
  )

  it.each(['my-cache_', 'cache_\n# TYPE x counter\n', '9lives_'])('refuses the prefix %j', (prefix) => {
    expect(() => toPrometheus(emptyMetrics(), { prefix })).toThrow(/\[react-query-toolkit\] toPrometheus/)
  })

  it('spells values that are not finite as the text format does', () => {
    const text = toPrometheus({ ...emptyMetrics(), fetches: Infinity, errors: Number.NaN })
    expect(lines(text)).toContain('cache_fetches_total +Inf')
    expect(lines(text)).toContain('cache_fetch_errors_total NaN')
  })
})
