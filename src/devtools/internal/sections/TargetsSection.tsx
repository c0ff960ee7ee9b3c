// The Targets section: the seed's monitoring targets (hit rate above 80%, eviction rate below 5%), each
// shown as met or not met; before the first lookup there is nothing to judge.
import { evictionRate, hitRate } from 'react-query-toolkit/metrics'
import type { CacheMetrics } from 'react-query-toolkit/metrics'
import { formatPercent } from '../formatFigures'
import { Section } from '../Section'

export function TargetsSection({ metrics }: { metrics: CacheMetrics }) {
  const looked = metrics.hits + metrics.staleHits + metrics.misses > 0
  const targets = [
    ['Hit rate', hitRate(metrics), '> 80%', hitRate(metrics) > 0.8],
    ['Eviction rate', evictionRate(metrics), '< 5%', evictionRate(metrics) < 0.05],
  ] as const
  return (
    <Section title="Targets">
      <ul style={{ margin: 0, paddingLeft: 16 }}>
        {targets.map(([name, rate, target, met]) => (
          <li key={name} aria-label={`${name} target`}>
            {name} {target}:{' '}
            {looked ? (
              <strong style={{ color: met ? '#1a7f37' : '#cf222e' }}>
                {formatPercent(rate)}, {met ? 'met' : 'not met'}
              </strong>
            ) : (
              'no lookups yet'
            )}
          </li>
        ))}
      </ul>
    </Section>
  )
}
