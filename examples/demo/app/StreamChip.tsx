// The stream's state and this tab's role, in words; the last event id is in the tooltip. The inspector
// shows the stream too, with no wiring: useInvalidationStream reports to it.
import { useStreamStatus } from 'react-query-toolkit/live'
import type { StreamRole, StreamState } from 'react-query-toolkit/live'

const stateWords: Record<StreamState, string> = {
  connecting: 'Live updates: connecting',
  open: 'Live updates: on',
  reconnecting: 'Live updates: reconnecting',
  unauthorized: 'Live updates: refused (signed out?)',
  closed: 'Live updates: off',
}

const roleWords: Record<StreamRole, string> = {
  leader: 'this tab holds the connection',
  follower: 'through another tab',
  solo: 'this tab alone',
}

export function StreamChip() {
  const state = useStreamStatus((status) => status.state)
  const role = useStreamStatus((status) => status.role)
  const lastEventId = useStreamStatus((status) => status.lastEventId)
  return (
    <span
      className={`status stream ${state}`}
      data-testid="stream-status"
      data-state={state}
      data-role={role}
      data-last-event-id={lastEventId}
      title={lastEventId ? `Last event #${lastEventId}` : 'No event yet'}
    >
      {stateWords[state]} · {roleWords[role]}
    </span>
  )
}
