// Encoding of protocol v1 events as the `data` of SSE events.
import { PROTOCOL_VERSION } from './types'
import type { StreamEvent } from './types'

/** Serialises an event body as the `data` of one SSE event. */
export function encodeEventData(event: StreamEvent): string {
  switch (event.type) {
    case 'hello':
      return JSON.stringify({ v: PROTOCOL_VERSION, replay: event.replay })
    case 'invalidate': {
      const { keys, tags, exact, refetch } = event
      return JSON.stringify({
        v: PROTOCOL_VERSION,
        ...(keys.length > 0 && { keys }),
        ...(tags.length > 0 && { tags }),
        ...(exact && { exact }),
        ...(refetch !== 'active' && { refetch }),
      })
    }
    case 'reset':
    case 'resync':
    case 'ping':
      return JSON.stringify({ v: PROTOCOL_VERSION })
  }
}
