// The Invalidations section: one count per source (mutation, stream, tab, manual).
import type { CacheMetrics } from 'react-query-toolkit/metrics'
import { Figure } from '../Figure'
import { Section } from '../Section'

export function InvalidationsSection({ metrics }: { metrics: CacheMetrics }) {
  return (
    <Section title="Invalidations">
      <dl style={{ margin: 0 }}>
        {Object.entries(metrics.invalidations).map(([source, count]) => (
          <Figure key={source} label={source} name={`Invalidations by ${source}`} value={count} />
        ))}
      </dl>
    </Section>
  )
}
