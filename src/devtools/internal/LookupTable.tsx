// Lookups per name (scope or tier), one row each, sorted by name.
import { hitRate } from 'react-query-toolkit/metrics'
import type { CacheLookups } from 'react-query-toolkit/metrics'
import { formatPercent } from './formatFigures'
import { cell, numeric } from './panelStyles'

export function LookupTable({
  title,
  column,
  counts,
}: {
  title: string
  column: string
  counts: Readonly<Record<string, CacheLookups>>
}) {
  const rows = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b))
  if (rows.length === 0) return <p style={{ margin: 0, color: '#57606a' }}>No lookups yet.</p>
  return (
    <table aria-label={title} style={{ borderCollapse: 'collapse' }}>
      <thead>
        <tr>
          <th style={cell}>{column}</th>
          <th style={numeric}>hits</th>
          <th style={numeric}>stale</th>
          <th style={numeric}>misses</th>
          <th style={numeric}>hit rate</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, lookups]) => (
          <tr key={name}>
            <th scope="row" style={cell}>
              {name}
            </th>
            <td style={numeric}>{lookups.hits}</td>
            <td style={numeric}>{lookups.staleHits}</td>
            <td style={numeric}>{lookups.misses}</td>
            <td style={numeric}>{formatPercent(hitRate(lookups))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
