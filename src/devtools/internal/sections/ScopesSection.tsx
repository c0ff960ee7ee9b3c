// The Scopes section: lookups per key scope (the first segment of the query key).
import type { CacheMetrics } from 'react-query-toolkit/metrics'
import { LookupTable } from '../LookupTable'
import { Section } from '../Section'

export function ScopesSection({ metrics }: { metrics: CacheMetrics }) {
  return (
    <Section title="Scopes">
      <LookupTable title="Lookups by scope" column="scope" counts={metrics.scopes} />
    </Section>
  )
}
