// The Stream and persistence section: the stream's state, role and events, the persisted size, the last
// restore, and the reports the metrics dropped as invalid.
import type { CacheMetrics } from 'react-query-toolkit/metrics'
import { Figure } from '../Figure'
import { formatBytes, formatMs } from '../formatFigures'
import { Section } from '../Section'

export function StreamAndPersistenceSection({ metrics }: { metrics: CacheMetrics }) {
  const { stream, persistence } = metrics
  const restore = persistence?.lastRestore
  return (
    <Section title="Stream and persistence">
      <dl style={{ margin: 0 }}>
        <Figure label="Stream" value={stream ? stream.state : 'not connected'} />
        {stream && <Figure label="Role" value={stream.role} />}
        {stream && <Figure label="Stream events" value={`${stream.received} received, ${stream.dropped} dropped`} />}
        <Figure
          label="Persisted"
          value={persistence ? `${persistence.records} records, ${formatBytes(persistence.bytes)}` : 'not persisted'}
        />
        {restore && (
          <Figure
            label="Last restore"
            value={`${restore.restored} restored, ${restore.expired + restore.busted + restore.corrupt} dropped in ${formatMs(restore.ms)}`}
          />
        )}
        {metrics.droppedReports > 0 && <Figure label="Invalid reports dropped" value={metrics.droppedReports} />}
      </dl>
    </Section>
  )
}
