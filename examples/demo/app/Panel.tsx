// A titled card of the demo page, with the tier badge of the queries it shows.
import type { ReactNode } from 'react'
import { tiers } from 'react-query-toolkit'
import type { BuiltInTierName } from 'react-query-toolkit'

interface PanelProps {
  title: string
  tier?: BuiltInTierName
  children: ReactNode
  wide?: boolean
  /** Briefly highlights the panel: a stream-driven refetch just landed in it. */
  flash?: boolean
}

export function Panel({ title, tier, children, wide, flash }: PanelProps) {
  const className = [wide && 'wide', flash && 'flash'].filter(Boolean).join(' ')
  return (
    <section className={className || undefined} aria-label={title} data-flash={flash ? 'on' : undefined}>
      <h2>
        {title}
        {tier && <TierBadge tier={tier} />}
      </h2>
      {children}
    </section>
  )
}

export function TierBadge({ tier }: { tier: BuiltInTierName }) {
  const { staleTime, persist } = tiers[tier]
  return (
    <span className={`tier ${tier}`} title={`staleTime ${staleTime / 1000}s, ${persist ? 'persisted' : 'memory only'}`}>
      {tier}
    </span>
  )
}

export function time(timestamp: number): string {
  return timestamp ? new Date(timestamp).toLocaleTimeString() : 'never'
}
