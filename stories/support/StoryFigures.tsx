// What a story shows beside its UI: the network requests it made and the cache lookups behind them.
import { useCacheMetrics } from 'react-query-toolkit/metrics'
import { useStore } from 'zustand'
import { requestLog } from '../mocks/db'

const box: React.CSSProperties = {
  display: 'flex',
  gap: 16,
  margin: '12px 0',
  padding: '6px 10px',
  font: '12px system-ui, sans-serif',
  background: '#f6f8fa',
  borderRadius: 6,
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <span>
      {label}: <output aria-label={label}>{value}</output>
    </span>
  )
}

/** Requests (optionally only those whose `METHOD /path` contains `match`) and cache lookups of the story's client. */
export function StoryFigures({ match }: { match?: string }) {
  const requests = useStore(
    requestLog,
    ({ requests }) => requests.filter((request) => !match || request.includes(match)).length,
  )
  const hits = useCacheMetrics((metrics) => metrics.hits)
  const staleHits = useCacheMetrics((metrics) => metrics.staleHits)
  const misses = useCacheMetrics((metrics) => metrics.misses)
  return (
    <div style={box} role="status" aria-label="Figures">
      <Figure label="Requests" value={requests} />
      <Figure label="Hits" value={hits} />
      <Figure label="Stale hits" value={staleHits} />
      <Figure label="Misses" value={misses} />
    </div>
  )
}
