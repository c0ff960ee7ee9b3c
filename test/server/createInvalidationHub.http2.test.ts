// @vitest-environment node
// The hub behind Node's HTTP/2 compat API (h2c on 127.0.0.1): the handler calls hub.handle(req, res).
import { connect, createServer, type ClientHttp2Session, type Http2Server, type IncomingHttpHeaders } from 'node:http2'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createInvalidationHub, type InvalidationHub } from '../../src/server'

const cleanups: Array<() => unknown> = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function serveHttp2(hub: InvalidationHub): Promise<ClientHttp2Session> {
  const server: Http2Server = createServer((req, res) => void hub.handle(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const session = connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  session.on('error', () => {})
  cleanups.push(async () => {
    session.destroy()
    await hub.close()
    await new Promise((resolve) => server.close(resolve))
  })
  return session
}

interface Http2Stream {
  headers: IncomingHttpHeaders
  text(): string
  until(fragment: string): Promise<void>
}

async function request(
  session: ClientHttp2Session,
  path: string,
  extra: Record<string, string> = {},
): Promise<Http2Stream> {
  const stream = session.request({ ':path': path, ...extra })
  stream.on('error', () => {})
  let text = ''
  const waiters = new Set<() => void>()
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString()
    for (const waiter of waiters) waiter()
  })
  const headers = await new Promise<IncomingHttpHeaders>((resolve) => stream.once('response', resolve))
  return {
    headers,
    text: () => text,
    until: (fragment) =>
      new Promise((resolve) => {
        const check = () => text.includes(fragment) && (waiters.delete(check), resolve())
        waiters.add(check)
        check()
      }),
  }
}

describe('over HTTP/2', () => {
  it('answers 200 with the SSE headers and no Connection header', async () => {
    const session = await serveHttp2(createInvalidationHub())
    const stream = await request(session, '/events')
    expect(stream.headers[':status']).toBe(200)
    expect(stream.headers).toMatchObject({
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
    })
    expect(stream.headers.connection).toBeUndefined()
  })

  it('delivers hello and live events', async () => {
    const hub = createInvalidationHub()
    const session = await serveHttp2(hub)
    const stream = await request(session, '/events')
    await stream.until('event: hello')
    const id = await hub.publish({ tags: ['t'] })
    await stream.until('event: invalidate')
    expect(stream.text()).toContain(`id: ${id}\nevent: invalidate\ndata: {"v":1,"tags":["t"]}\n\n`)
  })

  it('replays from the last-event-id header', async () => {
    const hub = createInvalidationHub()
    const first = await hub.publish({ tags: ['a'] })
    const second = await hub.publish({ tags: ['b'] })
    const session = await serveHttp2(hub)
    const stream = await request(session, '/events', { 'last-event-id': first })
    await stream.until(`id: ${second}`)
    expect(stream.text()).not.toContain(`id: ${first}\n`)
  })

  it("serves a page on the hub's own origin (named by :authority) and refuses one not allowed, with cors", async () => {
    const session = await serveHttp2(createInvalidationHub({ cors: { origins: ['https://app.example.com'] } }))
    if (!session.socket.remotePort) await new Promise((resolve) => session.once('connect', resolve))
    const own = await request(session, '/events', { origin: `http://127.0.0.1:${session.socket.remotePort}` })
    expect(own.headers[':status']).toBe(200)
    const other = await request(session, '/events', { origin: 'https://evil.example.com' })
    expect(other.headers[':status']).toBe(403)
  })
})
