// The Memory section: queries and estimated bytes in memory, evictions by `limitCache`, and the outbox depth;
// per scope in a table once there is more than one scope.
import type { CacheMetrics } from 'react-query-toolkit/metrics'
import { Figure } from '../Figure'
import { formatBytes } from '../formatFigures'
import { cell, numeric } from '../panelStyles'
import { Section } from '../Section'

export function MemorySection({ metrics }: { metrics: CacheMetrics }) {
  const rows = Object.entries(metrics.memory).sort(([a], [b]) => a.localeCompare(b))
  let queries = 0
  let bytes = 0
  for (const [, row] of rows) {
    queries += row.queries
    bytes += row.bytes
  }
  const { outbox } = metrics
  return (
    <Section title="Memory">
      <dl style={{ margin: 0 }}>
        <Figure label="Queries in memory" value={queries} />
        <Figure label="Estimated size" value={formatBytes(bytes)} />
        <Figure label="Evictions" value={metrics.evictions} />
        <Figure label="Outbox" value={outbox ? `${outbox.pending} pending, ${outbox.failed} failed` : 'no outbox'} />
      </dl>
      {rows.length > 1 && (
        <table aria-label="Memory by scope" style={{ borderCollapse: 'collapse' }}>
          <thead>
            <tr>
              <th style={cell}>scope</th>
              <th style={numeric}>queries</th>
              <th style={numeric}>size</th>
              <th style={numeric}>evictions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([scope, row]) => (
              <tr key={scope}>
                <th scope="row" style={cell}>
                  {scope}
                </th>
                <td style={numeric}>{row.queries}</td>
                <td style={numeric}>{formatBytes(row.bytes)}</td>
                <td style={numeric}>{row.evictions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  )
}
