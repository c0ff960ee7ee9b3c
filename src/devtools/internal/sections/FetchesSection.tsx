// The Fetches section: fetches, errors, latency percentiles and mutations.
import type { CacheMetrics } from 'react-query-toolkit/metrics'
import { Figure } from '../Figure'
import { formatMs } from '../formatFigures'
import { Section } from '../Section'

export function FetchesSection({ metrics }: { metrics: CacheMetrics }) {
  return (
    <Section title="Fetches">
      <dl style={{ margin: 0 }}>
        <Figure label="Fetches" value={metrics.fetches} />
        <Figure label="Errors" value={metrics.errors} />
        <Figure label="p50" value={formatMs(metrics.latency.p50)} />
        <Figure label="p95" value={formatMs(metrics.latency.p95)} />
        <Figure label="Mutations" value={`${metrics.mutations} (${metrics.mutationErrors} failed)`} />
      </dl>
    </Section>
  )
}
