// SSE frames of the hub. Each event is encoded once (and pre-framed as an HTTP/1.1 chunk) for every connection.
// Ids come from the bus, which may read them from shared storage: one that could break the framing is refused.
import { encodeEventData } from '../../protocol/encode'
import type { PublishedEvent } from '../InvalidationBus'
import { parseEventId, type EventPosition } from './eventId'
import { maxLastEventIdLength } from './requestTarget'

/** An SSE frame, also pre-framed as one HTTP/1.1 chunk so it is encoded once for every connection. */
export interface Frame {
  raw: Buffer
  chunk: Buffer
}

/** An event made ready once for every connection. */
export interface PreparedEvent {
  frame: Frame
  scopes: ReadonlySet<string> | undefined
  position: EventPosition | undefined
}

/**
 * Visible ASCII only: no space, CR, LF, NUL or other control character can reach an `id:` line. No longer
 * than the hub accepts back as a resume point, so every id it sends can be resumed from.
 */
const safeIdPattern = new RegExp(`^[\\x21-\\x7e]{1,${maxLastEventIdLength}}$`)

export function isSafeEventId(id: unknown): id is string {
  return typeof id === 'string' && safeIdPattern.test(id)
}

const crlf = Buffer.from('\r\n')

export function frame(type: string, data: string, id?: string): Buffer {
  return Buffer.from(`${id === undefined ? '' : `id: ${id}\n`}event: ${type}\ndata: ${data}\n\n`)
}

export function toFrame(raw: Buffer): Frame {
  return { raw, chunk: Buffer.concat([Buffer.from(`${raw.length.toString(16)}\r\n`), raw, crlf]) }
}

export const pingFrame = toFrame(Buffer.from(`event: ping\ndata: ${encodeEventData({ type: 'ping' })}\n\n`))

export function helloFrame(retryField: string, id: string | undefined): Buffer {
  return Buffer.concat([Buffer.from(retryField), frame('hello', encodeEventData({ type: 'hello', replay: true }), id)])
}

export function resyncFrame(head: string): Buffer {
  return frame('resync', encodeEventData({ type: 'resync' }), head)
}

/** `undefined` when the event's id is not safe to frame (the event is then skipped and counted). */
export function prepare(event: PublishedEvent): PreparedEvent | undefined {
  if (!isSafeEventId(event.id)) return undefined
  const data =
    event.type === 'invalidate'
      ? encodeEventData({
          type: 'invalidate',
          keys: event.keys,
          tags: event.tags,
          exact: event.exact,
          refetch: event.refetch,
        })
      : encodeEventData({ type: 'reset' })
  return {
    frame: toFrame(frame(event.type, data, event.id)),
    scopes: event.scopes.length > 0 ? new Set(event.scopes) : undefined,
    position: parseEventId(event.id),
  }
}
