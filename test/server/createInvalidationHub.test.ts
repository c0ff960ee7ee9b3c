// @vitest-environment node
import { get } from 'node:http'
import { EventSource } from 'eventsource'
import { afterEach, describe, expect, it } from 'vitest'
import { createInvalidationHub } from '../../src/server'
import type { InvalidationHubOptions } from '../../src/server'
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

function eventSource(url: string): EventSource {
  const source = new EventSource(url)
  cleanups.push(() => source.close())
  return source
}

interface Received {
  type: string
  id: string
  data: unknown
}

function record(source: EventSource, types: Array<string>): Array<Received> {
  const received: Array<Received> = []
  for (const type of types) {
    source.addEventListener(type, (event) => {
      received.push({ type, id: event.lastEventId, data: JSON.parse(event.data) })
    })
  }
  return received
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5))
}

describe('protocol v1 with the eventsource package', () => {
  it('sends hello with replay true as the first event', async () => {
    const { url } = await serve()
    const source = eventSource(url)
    const received = record(source, ['hello', 'invalidate'])
    await until(() => received.length > 0)
    expect(received[0]).toMatchObject({ type: 'hello', data: { v: 1, replay: true } })
  })

  it('delivers published invalidations with increasing ids', async () => {
    const { url, hub } = await serve()
    const source = eventSource(url)
    const received = record(source, ['hello', 'invalidate'])
    await until(() => received.length === 1)
    const first = await hub.publish({ keys: [['projects', 'list', 'o1']] })
    const second = await hub.publish({ tags: ['project:p1'], refetch: 'all' })
    await until(() => received.length === 3)
    expect(received.slice(1)).toEqual([
      { type: 'invalidate', id: first, data: { v: 1, keys: [['projects', 'list', 'o1']] } },
      { type: 'invalidate', id: second, data: { v: 1, tags: ['project:p1'], refetch: 'all' } },
    ])
    expect(Number(second.split('.')[1])).toBeGreaterThan(Number(first.split('.')[1]))
  })

  it('replays the events missed while reconnecting, from the Last-Event-ID the client sends', async () => {
    const server = await serve({ retryMs: 250 })
    const source = eventSource(server.url)
    const received = record(source, ['hello', 'invalidate'])
    await until(() => received.length === 1)
    const first = await server.hub.publish({ tags: ['a'] })
    await until(() => received.length === 2)

    const release = server.hold()
    server.server.closeAllConnections()
    await until(() => server.requests.length === 2)
    const second = await server.hub.publish({ tags: ['b'] })
    const third = await server.hub.publish({ tags: ['c'] })
    release()
    await until(() => received.filter((event) => event.type === 'invalidate').length === 3)

    expect(server.requests[1]).toBe(first)
    expect(received.filter((event) => event.type === 'invalidate').map((event) => event.id)).toEqual([
      first,
      second,
      third,
    ])
  })

  it('sends resync when the client comes back with an id the server no longer knows', async () => {
    const server = await serve({ retryMs: 250 })
    const source = eventSource(server.url)
    const received = record(source, ['hello', 'invalidate', 'resync'])
    await until(() => received.length === 1)
    const before = await server.hub.publish({ tags: ['a'] })
    await until(() => received.length === 2)

    // A restarted server: a new hub with a new memory bus, which has never issued `before`.
    await server.replaceHub(createInvalidationHub())
    await until(() => received.some((event) => event.type === 'resync'))
    expect(server.requests.at(-1)).toBe(before)
    const resync = received.find((event) => event.type === 'resync')!
    expect(resync.data).toEqual({ v: 1 })
    expect(resync.id).toBe(await server.hub.reset().then((id) => id.replace(/\.1$/, '.0')))
  })

  it('sends ping heartbeats at heartbeatMs', async () => {
    const { url } = await serve({ heartbeatMs: 20 })
    const source = eventSource(url)
    const received = record(source, ['ping'])
    await until(() => received.length >= 2)
    expect(received[0]).toEqual({ type: 'ping', id: '', data: { v: 1 } })
  })
})

describe('protocol v1 over a raw fetch', () => {
  it('answers with the SSE headers', async () => {
    const { url } = await serve()
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = get(url, (res) => {
        resolve({ status: res.statusCode, ...res.headers })
        res.destroy()
      })
      req.on('error', reject)
    })
    expect(headers).toMatchObject({
      status: 200,
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    })
  })

  it('gives the hello of a fresh connection the current id, so a reconnect before any event misses nothing', async () => {
    const { url, hub } = await serve()
    const before = await stream(url)
    const [hello] = await before.until(named('hello'))
    before.close()
    const id = await hub.publish({ tags: ['missed'] })
    const after = await stream(url, { 'Last-Event-ID': hello!.id! })
    await after.until(named('invalidate'))
    expect(after.changes()).toEqual([{ event: 'invalidate', id, data: '{"v":1,"tags":["missed"]}' }])
  })

  it('replays the events after the Last-Event-ID header in order', async () => {
    const { url, hub } = await serve()
    const first = await hub.publish({ tags: ['1'] })
    const second = await hub.publish({ tags: ['2'] })
    const third = await hub.publish({ keys: [['x']], exact: true })
    const reader = await stream(url, { 'Last-Event-ID': first })
    await reader.until(count('invalidate', 2))
    expect(reader.events.map((event) => [event.event, event.id])).toEqual([
      ['hello', undefined],
      ['invalidate', second],
      ['invalidate', third],
    ])
    expect(reader.events[2]!.data).toBe('{"v":1,"keys":[["x"]],"exact":true}')
  })

  it('accepts the last id from a lastEventId query parameter', async () => {
    const { url, hub } = await serve()
    const first = await hub.publish({ tags: ['1'] })
    const second = await hub.publish({ tags: ['2'] })
    const reader = await stream(`${url}?lastEventId=${encodeURIComponent(first)}`)
    await reader.until(named('invalidate'))
    expect(reader.changes().map((event) => event.id)).toEqual([second])
  })

  it('sends resync with the current id for an unknown Last-Event-ID', async () => {
    const { url, hub } = await serve()
    const last = await hub.publish({ tags: ['1'] })
    const reader = await stream(url, { 'Last-Event-ID': 'not-an-id' })
    await reader.until(named('resync'))
    expect(reader.changes()).toEqual([{ event: 'resync', id: last, data: '{"v":1}' }])
  })

  it('sends resync for a Last-Event-ID older than the replay buffer', async () => {
    const { url, hub } = await serve({ replay: 2 })
    const first = await hub.publish({ tags: ['1'] })
    await hub.publish({ tags: ['2'] })
    await hub.publish({ tags: ['3'] })
    const last = await hub.publish({ tags: ['4'] })
    const reader = await stream(url, { 'Last-Event-ID': first })
    await reader.until(named('resync'))
    expect(reader.changes()).toEqual([{ event: 'resync', id: last, data: '{"v":1}' }])
  })

  it('delivers reset events with an id', async () => {
    const { url, hub } = await serve()
    const reader = await stream(url)
    await reader.until(named('hello'))
    const id = await hub.reset()
    await reader.until(named('reset'))
    expect(reader.changes()).toEqual([{ event: 'reset', id, data: '{"v":1}' }])
  })

  it('answers 405 to anything but GET', async () => {
    const { url } = await serve()
    const response = await fetch(url, { method: 'POST' })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET')
  })
})
