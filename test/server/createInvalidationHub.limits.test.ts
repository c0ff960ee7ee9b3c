// @vitest-environment node
// The hub's framing, scopes, limits, publish validation, bus failures and close (protocol basics are in
// createInvalidationHub.test.ts).
import { afterEach, describe, expect, it } from 'vitest'
import { createInvalidationHub, isInvalidationHubError, memoryBus } from '../../src/server'
import type { InvalidationBus, InvalidationHubOptions } from '../../src/server'
import { count, named, openStream, startHubServer, type HubServer, type StreamReader } from './hubServer'

const cleanups: Array<() => unknown> = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function serve(options: InvalidationHubOptions = {}): Promise<HubServer> {
  const server = await startHubServer(options)
  cleanups.push(() => server.close())
  return server
}

async function stream(url: string, headers: Record<string, string> = {}): Promise<StreamReader> {
  const reader = await openStream(url, headers)
  cleanups.push(() => reader.close())
  return reader
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5))
}

describe('framing', () => {
  async function rawRequest(
    port: number,
    requestLine: string,
  ): Promise<{ text: () => string; socket: import('node:net').Socket }> {
    const { createConnection } = await import('node:net')
    const socket = createConnection({ port, host: '127.0.0.1' })
    cleanups.push(() => socket.destroy())
    let text = ''
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()))
    socket.write(`${requestLine}\r\nHost: 127.0.0.1\r\n\r\n`)
    return { text: () => text, socket }
  }

  it('frames live events as HTTP/1.1 chunks', async () => {
    const { server, hub } = await serve()
    const { port } = server.address() as { port: number }
    const client = await rawRequest(port, 'GET /events HTTP/1.1')
    await until(() => client.text().includes('event: hello'))
    const id = await hub.publish({ tags: ['t'] })
    await until(() => client.text().includes('event: invalidate'))
    const frame = `id: ${id}\nevent: invalidate\ndata: {"v":1,"tags":["t"]}\n\n`
    expect(client.text()).toMatch(/transfer-encoding: chunked/i)
    expect(client.text()).toContain(`\r\n${Buffer.byteLength(frame).toString(16)}\r\n${frame}\r\n`)
  })

  it('streams plain frames to an HTTP/1.0 client', async () => {
    const { server, hub } = await serve()
    const { port } = server.address() as { port: number }
    const client = await rawRequest(port, 'GET /events HTTP/1.0')
    await until(() => client.text().includes('event: hello'))
    const id = await hub.publish({ tags: ['t'] })
    await until(() => client.text().includes('event: invalidate'))
    expect(client.text()).not.toMatch(/transfer-encoding/i)
    expect(
      client
        .text()
        .endsWith(
          `event: hello\ndata: {"v":1,"replay":true}\n\nid: ${id}\nevent: invalidate\ndata: {"v":1,"tags":["t"]}\n\n`,
        ),
    ).toBe(true)
  })
})

describe('scopes and authorization', () => {
  const byOrg: InvalidationHubOptions['authorize'] = (req) => {
    const org = new URL(req.url!, 'http://x').searchParams.get('org')
    return org ? [`org:${org}`] : false
  }

  it('never delivers another scope’s events live', async () => {
    const { url, hub } = await serve({ authorize: byOrg })
    const reader = await stream(`${url}?org=o1`)
    await reader.until(named('hello'))
    await hub.publish({ tags: ['secret'], scopes: ['org:o2'] })
    const mine = await hub.publish({ tags: ['mine'], scopes: ['org:o1', 'org:o3'] })
    const everyone = await hub.publish({ tags: ['all'] })
    await reader.until(count('invalidate', 2))
    expect(reader.changes().map((event) => event.id)).toEqual([mine, everyone])
  })

  it('never replays another scope’s events', async () => {
    const { url, hub } = await serve({ authorize: byOrg })
    const start = await hub.publish({ tags: ['start'] })
    await hub.publish({ tags: ['secret'], scopes: ['org:o2'] })
    await hub.reset(['org:o2'])
    const mine = await hub.publish({ tags: ['mine'], scopes: ['org:o1'] })
    const reader = await stream(`${url}?org=o1`, { 'Last-Event-ID': start })
    await reader.until(named('invalidate'))
    expect(reader.changes().map((event) => event.id)).toEqual([mine])
  })

  it('supports an async authorize', async () => {
    const { url, hub } = await serve({
      authorize: async () => {
        await new Promise((resolve) => setTimeout(resolve, 5))
        return ['user:u7']
      },
    })
    const reader = await stream(url)
    await reader.until(named('hello'))
    const id = await hub.reset(['user:u7'])
    await reader.until(named('reset'))
    expect(reader.changes().map((event) => event.id)).toEqual([id])
  })

  it('refuses a connection with 401 when authorize returns false', async () => {
    const { url, hub } = await serve({ authorize: byOrg })
    const response = await fetch(url)
    expect(response.status).toBe(401)
    expect(hub.stats().connections).toBe(0)
  })

  it('answers 500 when authorize throws', async () => {
    const { url } = await serve({
      authorize: () => {
        throw new Error('session store down')
      },
    })
    const response = await fetch(url)
    expect(response.status).toBe(500)
  })
})

describe('limits', () => {
  it('refuses connections over maxConnections with 503 and Retry-After', async () => {
    const { url } = await serve({ maxConnections: 1, retryAfterSeconds: 7 })
    const first = await stream(url)
    await first.until(named('hello'))
    const response = await fetch(url)
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('7')
  })

  it('drops a client that stops reading once its buffer passes maxBufferedBytes', async () => {
    const { server, hub } = await serve({ maxBufferedBytes: 64 * 1024 })
    const { port } = server.address() as { port: number }
    const { createConnection } = await import('node:net')
    const socket = createConnection({ port, host: '127.0.0.1' })
    cleanups.push(() => socket.destroy())
    socket.pause()
    socket.write('GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    await until(() => hub.stats().connections === 1)
    const big = Array.from({ length: 200 }, (_, index) => `tag-${index}-${'x'.repeat(200)}`)
    for (let round = 0; round < 2000 && hub.stats().dropped === 0; round++) {
      await hub.publish({ tags: big })
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(hub.stats()).toMatchObject({ connections: 0, dropped: 1 })
  })

  it('keeps serving the others when a client disconnects mid-write', async () => {
    const { url, server, hub } = await serve()
    const healthy = await stream(url)
    await healthy.until(named('hello'))
    const { port } = server.address() as { port: number }
    const { createConnection } = await import('node:net')
    const socket = createConnection({ port, host: '127.0.0.1' })
    socket.write('GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    await until(() => hub.stats().connections === 2)
    socket.resetAndDestroy()
    const ids: Array<string> = []
    for (let index = 0; index < 20; index++) ids.push(await hub.publish({ tags: [`t${index}`] }))
    await healthy.until(count('invalidate', 20))
    await until(() => hub.stats().connections === 1)
    expect(healthy.changes().map((event) => event.id)).toEqual(ids)
  })
})

describe('publish', () => {
  it.each([
    ['neither keys nor tags', {}],
    ['empty keys and tags', { keys: [], tags: [] }],
    ['a key that is not an array', { keys: ['projects'] }],
    ['a key holding a function', { keys: [['a', () => 1]] }],
    ['an empty tag', { tags: [''] }],
    ['too many tags', { tags: Array.from({ length: 1001 }, (_, index) => `t${index}`) }],
    ['an unknown refetch', { tags: ['t'], refetch: 'sometimes' }],
    ['scopes that are not strings', { tags: ['t'], scopes: [1] }],
    ['an event over 64 KiB', { tags: Array.from({ length: 300 }, (_, index) => `${index}`.padEnd(250, 'x')) }],
  ])('throws an InvalidationHubError for %s', (_, input) => {
    const hub = createInvalidationHub()
    cleanups.push(() => hub.close())
    let thrown: unknown
    try {
      void hub.publish(input as never)
    } catch (error) {
      thrown = error
    }
    expect(isInvalidationHubError(thrown) && thrown.code).toBe('invalid-event')
    expect(hub.stats().published).toBe(0)
  })

  it('counts published and delivered events', async () => {
    const { url, hub } = await serve()
    const a = await stream(url)
    const b = await stream(url)
    await Promise.all([a.until(named('hello')), b.until(named('hello'))])
    await hub.publish({ tags: ['t'] })
    await Promise.all([a.until(named('invalidate')), b.until(named('invalidate'))])
    expect(hub.stats()).toEqual({ connections: 2, published: 1, delivered: 2, dropped: 0, rejected: 0 })
  })
})

describe('bus failures', () => {
  /** A memory bus whose `head()` is replaced, to stand for a bus that is slow or down. */
  function busWithHead(head: () => Promise<string>): InvalidationBus {
    const bus = memoryBus()
    cleanups.push(() => bus.close())
    return { ...bus, head }
  }

  it('answers 503 with Retry-After when the bus cannot answer while a stream opens', async () => {
    const { url } = await serve({ bus: busWithHead(() => Promise.reject(new Error('redis down'))) })
    const response = await fetch(url)
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('5')
  })

  it('answers 503 to a stream still waiting for the bus when the hub closes', async () => {
    let answer!: (id: string) => void
    const { url, hub } = await serve({ bus: busWithHead(() => new Promise((resolve) => (answer = resolve))) })
    const pending = fetch(url)
    await until(() => answer !== undefined)
    await hub.close()
    answer('x.0')
    expect((await pending).status).toBe(503)
  })
})

describe('close', () => {
  it('ends every open stream', async () => {
    const { url, hub } = await serve()
    const reader = await stream(url)
    await reader.until(named('hello'))
    await hub.close()
    await reader.ended
    expect(hub.stats().connections).toBe(0)
  })

  it('refuses new connections and publishes after close', async () => {
    const { url, hub } = await serve()
    await hub.close()
    const response = await fetch(url)
    expect(response.status).toBe(503)
    expect(() => hub.publish({ tags: ['t'] })).toThrow(/after close/)
  })
})
