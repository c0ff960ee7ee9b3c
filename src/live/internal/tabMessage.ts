// Messages between the tabs sharing one stream (its own business: events with their ids, state, sync,
// reconnect; invalidations travel through `syncTabs`), and their validation: another tab is a trust boundary,
// so a message is checked on arrival and an event it carries is parsed again as protocol v1.
import type { StreamState } from '../streamStatus'
import { isEventId } from './eventId'

export type TabMessage =
  /** A stream event the leader received, relayed as it came from the server. */
  | { t: 'event'; name: string; data: string; id: string | undefined }
  /** The leader's connection state. */
  | { t: 'state'; state: StreamState }
  /** A new follower asks the leader for its state. */
  | { t: 'sync' }
  /** A follower asks the leader to reconnect (after a token refresh, say). */
  | { t: 'reconnect' }

const states: ReadonlySet<unknown> = new Set<StreamState>([
  'connecting',
  'open',
  'reconnecting',
  'unauthorized',
  'closed',
])

export function toTabMessage(payload: unknown): TabMessage | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined
  const message = payload as Record<string, unknown>
  switch (message.t) {
    case 'event': {
      const { name, data, id } = message
      if (typeof name !== 'string' || typeof data !== 'string') return undefined
      // An id that could not be sent back as a header is not relayed further, nor kept (the event is).
      return { t: 'event', name, data, id: id === '' || isEventId(id) ? id : undefined }
    }
    case 'state':
      return states.has(message.state) ? { t: 'state', state: message.state as StreamState } : undefined
    case 'sync':
    case 'reconnect':
      return { t: message.t }
    default:
      return undefined
  }
}
