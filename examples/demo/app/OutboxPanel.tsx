// The outbox as a person sees it: a badge with the writes waiting to reach the server, and the writes the
// server refused, each with Retry and Discard.
import { useOutbox } from 'react-query-toolkit/persist'
import type { MutationOutbox, OutboxEntry } from 'react-query-toolkit/persist'
import { Panel } from './Panel'

export function OutboxBadge({ outbox }: { outbox: MutationOutbox }) {
  const { pending, failed, replaying } = useOutbox(outbox)
  const count = pending.length
  return (
    <span
      className={`status outbox${count > 0 ? ' waiting' : ''}`}
      data-testid="outbox-pending"
      data-count={count}
      data-failed={failed.length}
      title={replaying ? 'This tab is sending them now' : 'Sent by one tab once online'}
    >
      {count === 1 ? '1 pending write' : `${count} pending writes`}
      {failed.length > 0 && ` · ${failed.length} failed`}
    </span>
  )
}

export function OutboxPanel({ outbox }: { outbox: MutationOutbox }) {
  const { pending, failed, retry, discard } = useOutbox(outbox)
  return (
    <Panel title="Outbox" wide>
      <p className="muted">
        Rename and create are durable: recorded in IndexedDB before they are sent, kept while offline and across
        reloads, and sent once by one tab, in order. A write the server refuses is rolled back and waits here.
      </p>
      {pending.length === 0 && failed.length === 0 && <p className="muted">Nothing waiting.</p>}
      {pending.length > 0 && (
        <ul data-testid="outbox-pending-list">
          {pending.map((entry) => (
            <li key={entry.id}>
              <span>{describe(entry)}</span>
              <span className="muted">{entry.attempts > 0 ? `tried ${entry.attempts}×` : 'waiting'}</span>
            </li>
          ))}
        </ul>
      )}
      {failed.length > 0 && (
        <ul data-testid="outbox-failed">
          {failed.map((entry) => (
            <li key={entry.id} className="failed">
              <span>
                {describe(entry)} <span className="error">{entry.error}</span>
              </span>
              <span>
                <button type="button" onClick={() => void retry(entry.id)}>
                  Retry
                </button>{' '}
                <button type="button" className="secondary" onClick={() => void discard(entry.id)}>
                  Discard
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  )
}

/** A line for a record: its input comes from disk, so it is read defensively. */
function describe(entry: OutboxEntry): string {
  const input = (typeof entry.input === 'object' && entry.input !== null ? entry.input : {}) as Record<string, unknown>
  const name = typeof input.name === 'string' ? input.name : '?'
  if (entry.name === 'projects.rename') return `Rename ${String(input.id)} to “${name}”`
  if (entry.name === 'projects.create') return `Create “${name}”`
  return entry.name
}
