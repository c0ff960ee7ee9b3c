// The Queries section: the cached queries, most recently updated first, with tier, freshness, observers
// and age. It reads the query cache itself (not the metrics), re-rendered by the shell's cache revision.
// meta.tier may be anything the app or IndexedDB put there: only a string names a tier, as in the metrics'
// tier table; anything else (even a value that throws when turned into text) is listed as untiered.
import type { QueryClient } from '@tanstack/react-query'
import { formatAge } from '../formatFigures'
import { cell, numeric } from '../panelStyles'
import { queryFreshness } from '../queryFreshness'
import { Section } from '../Section'

const freshnessColor: Record<string, string> = {
  fresh: '#1a7f37',
  stale: '#9a6700',
  invalidated: '#9a6700',
  fetching: '#0969da',
  paused: '#6e7781',
  pending: '#6e7781',
  error: '#cf222e',
}

export function QueriesSection({ client, maxQueries }: { client: QueryClient; maxQueries: number }) {
  // The panel re-renders on its refresh tick: ages are as of that render, which is what it shows.
  // eslint-disable-next-line react-hooks/purity
  const now = Date.now()
  const queries = client
    .getQueryCache()
    .getAll()
    .sort((a, b) => b.state.dataUpdatedAt - a.state.dataUpdatedAt)
  // A negative maxQueries would make slice count from the end: it lists none instead.
  const shown = queries.slice(0, Math.max(0, maxQueries))
  return (
    <Section title="Queries">
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
          {shown.map((query) => {
            const freshness = queryFreshness(query)
            const tier: unknown = query.meta?.tier
            return (
              <tr key={query.queryHash}>
                <th scope="row" style={{ ...cell, fontFamily: 'ui-monospace, monospace', fontWeight: 400 }}>
                  {query.queryHash}
                </th>
                <td style={cell}>{typeof tier === 'string' ? tier : 'untiered'}</td>
                <td style={{ ...cell, color: freshnessColor[freshness] }}>{freshness}</td>
                <td style={numeric}>{query.getObserversCount()}</td>
                <td style={cell}>{formatAge(query.state.dataUpdatedAt, now)}</td>
              </tr>
            )
          })}
        </tbody>
        {queries.length > shown.length && (
          <tfoot>
            <tr>
              <td colSpan={5} style={cell}>
                {queries.length - shown.length} more not shown
              </td>
            </tr>
          </tfoot>
        )}
      </table>
    </Section>
  )
}
