// The stories' invalidation stream: protocol v1 over msw's sse(); a story plays "another user" by publishing.
import { sse } from 'msw'

interface Channel {
  send: (message: { id?: string; event: string; data: unknown }) => void
}

const channels = new Set<Channel>()
let lastId = 0

type StreamEvents = { hello: unknown; invalidate: unknown; reset: unknown; ping: unknown }

export const invalidationStreamHandler = sse<StreamEvents>('*/api/invalidations', ({ client, request }) => {
  client.send({ event: 'hello', data: { v: 1, replay: false } })
  const channel: Channel = { send: (message) => client.send(message as never) }
  channels.add(channel)
  request.signal.addEventListener('abort', () => channels.delete(channel))
})

/** Sends a protocol v1 `invalidate` event to every connected stream client. */
export function publishInvalidation(invalidation: { keys?: Array<Array<unknown>>; tags?: Array<string> }): void {
  lastId += 1
  for (const channel of channels)
    channel.send({ id: String(lastId), event: 'invalidate', data: { v: 1, ...invalidation } })
}

export function connectedStreams(): number {
  return channels.size
}

export function resetStreams(): void {
  channels.clear()
}

/** What a page reload does to this in-memory server: its clients and its event ids start over. */
export function restartStreamServer(): void {
  channels.clear()
  lastId = 0
}
