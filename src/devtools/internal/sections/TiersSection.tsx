// The Tiers section: lookups per staleness tier (`query.meta.tier`).
import type { CacheMetrics } from 'react-query-toolkit/metrics'
import { LookupTable } from '../LookupTable'
import { Section } from '../Section'

export function TiersSection({ metrics }: { metrics: CacheMetrics }) {
  return (
    <Section title="Tiers">
      <LookupTable title="Lookups by tier" column="tier" counts={metrics.tiers} />
    </Section>
  )
}
