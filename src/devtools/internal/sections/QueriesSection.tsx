// The Queries section: the cached queries, most recently updated first, with tier, freshness, observers
// and age, filtered by key text, tier and freshness; its footer says how many rows it hides and why. It
// reads the query cache itself (not the metrics), re-rendered by the shell's cache revision.
import type { QueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { filterQueries, tierOf } from '../filterQueries'
import type { QueryFilter } from '../filterQueries'
import { formatAge } from '../formatFigures'
import { cell, numeric } from '../panelStyles'
import type { QueryFreshness } from '../queryFreshness'
import { Section } from '../Section'

const freshnessColor: Record<QueryFreshness, string> = {
  fresh: '#1a7f37',
  stale: '#9a6700',
  invalidated: '#9a6700',
  fetching: '#0969da',
  paused: '#6e7781',
  pending: '#6e7781',
  error: '#cf222e',
}
const FRESHNESS = Object.keys(freshnessColor) as Array<QueryFreshness>

function hiddenText(total: number, filtered: number, beyond: number, maxQueries: number): string {
  const reasons = [
    filtered > 0 && `${filtered} by the filter`,
    beyond > 0 && `${beyond} past the first ${Math.max(0, maxQueries)}`,
  ].filter(Boolean)
  return `${filtered + beyond} of ${total} queries hidden: ${reasons.join(', ')}`
}

export function QueriesSection({ client, maxQueries }: { client: QueryClient; maxQueries: number }) {
  const [filter, setFilter] = useState<QueryFilter>({ text: '', tier: '', freshness: '' })
  // The panel re-renders on its refresh tick: ages are as of that render, which is what it shows.
  // eslint-disable-next-line react-hooks/purity
  const now = Date.now()
  const queries = client
    .getQueryCache()
    .getAll()
    .sort((a, b) => b.state.dataUpdatedAt - a.state.dataUpdatedAt)
  const tiers = [...new Set(queries.map(tierOf))].sort()
  const listed = filterQueries(queries, filter)
  // A negative maxQueries would make slice count from the end: it lists none instead.
  const shown = listed.slice(0, Math.max(0, maxQueries))
  const hidden = queries.length - shown.length
  const change = (patch: Partial<QueryFilter>) => setFilter((current) => ({ ...current, ...patch }))
  return (
    <Section title="Queries">
      <div role="search" aria-label="Filter queries" style={{ display: 'flex', gap: 8, margin: '4px 0' }}>
        <input
          type="search"
          aria-label="Key contains"
          placeholder="key contains…"
          value={filter.text}
          onChange={(event) => change({ text: event.target.value })}
        />
        <select aria-label="Tier" value={filter.tier} onChange={(event) => change({ tier: event.target.value })}>
          <option value="">any tier</option>
          {tiers.map((tier) => (
            <option key={tier}>{tier}</option>
          ))}
        </select>
        <select
          aria-label="Freshness"
          value={filter.freshness}
          onChange={(event) => change({ freshness: event.target.value as QueryFreshness | '' })}
        >
          <option value="">any freshness</option>
          {FRESHNESS.map((freshness) => (
            <option key={freshness}>{freshness}</option>
          ))}
        </select>
      </div>
      <table aria-label="Cached queries" style={{ borderCollapse: 'collapse', width: '100%' }}>
        <thead>
          <tr>
            <th style={cell}>key</th>
            <th style={cell}>tier</th>
            <th style={cell}>freshness</th>
            <th style={numeric}>observers</th>
            <th style={cell}>updated</th>
          </tr>
        </thead>
        <tbody>
          {shown.map(({ query, tier, freshness }) => (
            <tr key={query.queryHash}>
              <th scope="row" style={{ ...cell, fontFamily: 'ui-monospace, monospace', fontWeight: 400 }}>
                {query.queryHash}
              </th>
              <td style={cell}>{tier}</td>
              <td style={{ ...cell, color: freshnessColor[freshness] }}>{freshness}</td>
              <td style={numeric}>{query.getObserversCount()}</td>
              <td style={cell}>{formatAge(query.state.dataUpdatedAt, now)}</td>
            </tr>
          ))}
        </tbody>
        {hidden > 0 && (
          <tfoot>
            <tr>
              <td colSpan={5} style={cell}>
                {hiddenText(queries.length, queries.length - listed.length, listed.length - shown.length, maxQueries)}
              </td>
            </tr>
          </tfoot>
        )}
      </table>
    </Section>
  )
}
