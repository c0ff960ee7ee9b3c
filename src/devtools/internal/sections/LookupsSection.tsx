// The Lookups section: the hit rate as a gauge, and the hits, stale hits and misses behind it.
import { hitRate } from 'react-query-toolkit/metrics'
import type { CacheMetrics } from 'react-query-toolkit/metrics'
import { Figure } from '../Figure'
import { formatPercent } from '../formatFigures'
import { Section } from '../Section'

export function LookupsSection({ metrics }: { metrics: CacheMetrics }) {
  const rate = hitRate(metrics)
  return (
    <Section title="Lookups">
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
          <Figure label="Hits" value={metrics.hits} />
          <Figure label="Stale hits" value={metrics.staleHits} />
          <Figure label="Misses" value={metrics.misses} />
        </dl>
      </div>
    </Section>
  )
}
