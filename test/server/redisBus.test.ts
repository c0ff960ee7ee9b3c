// @vitest-environment node
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createInvalidationHub, redisBus } from '../../src/server'
import type { InvalidationBus, InvalidationHubOptions, RedisBusOptions } from '../../src/server'
import { count, named, openStream, startHubServer, type HubServer, type StreamReader } from './hubServer'
import { findRedisServer, sparePort, startRedis, type RedisProcess } from './redisServer'

const redisServer = findRedisServer()
if (!redisServer) {
  console.warn('[react-query-toolkit/server] redis-server not found (REDIS_SERVER or PATH): Redis bus tests skipped')
}

describe.skipIf(!redisServer)('redisBus', () => {
  let redis: RedisProcess
  let streamNumber = 0
  const cleanups: Array<() => unknown> = []

  beforeAll(async () => {
    redis = await startRedis(redisServer!)
  })
  afterAll(async () => {
    await redis?.stop()
  })
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  /** Two hub instances on one Redis stream, each behind its own http server. */
  async function twoHubs(
    busOptions: Partial<RedisBusOptions> = {},
    hubOptions: InvalidationHubOptions = {},
  ): Promise<[HubServer, HubServer]> {
    const stream = `test:${process.pid}:${++streamNumber}`
    const servers: Array<HubServer> = []
    for (let index = 0; index < 2; index++) {
      const bus = redisBus({ url: redis.url, stream, blockMs: 500, ...busOptions })
      const server = await startHubServer({ ...hubOptions, bus })
      cleanups.push(
        () => bus.close(),
        () => server.close(),
      )
      servers.push(server)
    }
    return servers as [HubServer, HubServer]
  }

  async function stream(url: string, headers: Record<string, string> = {}): Promise<StreamReader> {
    const reader = await openStream(url, headers)
    cleanups.push(() => reader.close())
    return reader
  }

  it('delivers an event published on hub A to a client of hub B', async () => {
    const [a, b] = await twoHubs()
    const client = await stream(b.url)
    await client.until(named('hello'))
    const id = await a.hub.publish({ keys: [['projects', 'list', 'o1']] })
    await client.until(named('invalidate'))
    expect(client.changes()).toEqual([{ event: 'invalidate', id, data: '{"v":1,"keys":[["projects","list","o1"]]}' }])
  })

  it('misses nothing when a client moves from hub A to hub B with its Last-Event-ID', async () => {
    const [a, b] = await twoHubs()
    const onA = await stream(a.url)
    await onA.until(named('hello'))
    const first = await a.hub.publish({ tags: ['1'] })
    await onA.until(named('invalidate'))
    onA.close()
    const second = await a.hub.publish({ tags: ['2'] })
    const third = await b.hub.publish({ tags: ['3'] })

    const onB = await stream(b.url, { 'Last-Event-ID': first })
    await onB.until(count('invalidate', 2))
    const fourth = await a.hub.publish({ tags: ['4'] })
    await onB.until(count('invalidate', 3))
    expect(onB.changes().map((event) => event.id)).toEqual([second, third, fourth])
  })

  it('resumes a fresh client of hub A on hub B from the id in its hello', async () => {
    const [a, b] = await twoHubs()
    const onA = await stream(a.url)
    const [hello] = await onA.until(named('hello'))
    onA.close()
    const id = await a.hub.publish({ tags: ['after-hello'] })
    const onB = await stream(b.url, { 'Last-Event-ID': hello!.id! })
    await onB.until(named('invalidate'))
    expect(onB.changes().map((event) => event.id)).toEqual([id])
  })

  it('keeps scopes across instances, live and replayed', async () => {
    const authorize: InvalidationHubOptions['authorize'] = () => ['org:o1']
    const [a, b] = await twoHubs({}, { authorize })
    const start = await a.hub.publish({ tags: ['start'] })
    await a.hub.publish({ tags: ['secret'], scopes: ['org:o2'] })
    const replayed = await a.hub.publish({ tags: ['mine'], scopes: ['org:o1'] })
    const client = await stream(b.url, { 'Last-Event-ID': start })
    await client.until(named('invalidate'))
    await a.hub.reset(['org:o2'])
    const live = await a.hub.reset(['org:o1'])
    await client.until(named('reset'))
    expect(client.changes().map((event) => event.id)).toEqual([replayed, live])
  })

  it('answers resync for an id trimmed from the stream', async () => {
    const [a, b] = await twoHubs({ maxLen: 10 })
    const first = await a.hub.publish({ tags: ['0'] })
    let last = first
    for (let index = 1; index < 300; index++) last = await a.hub.publish({ tags: [String(index)] })
    const client = await stream(b.url, { 'Last-Event-ID': first })
    await client.until(named('resync'))
    expect(client.changes()).toEqual([{ event: 'resync', id: last, data: '{"v":1}' }])
  })

  it('answers resync for an id from the future or of another stream', async () => {
    const [a] = await twoHubs()
    const last = await a.hub.publish({ tags: ['t'] })
    const [epoch] = last.split('.')
    for (const id of [`${epoch}.99999999999999-0`, 'zzzzzzzz.1-0', 'garbage']) {
      const client = await stream(a.url, { 'Last-Event-ID': id })
      await client.until(named('resync'))
      expect(client.changes()).toEqual([{ event: 'resync', id: last, data: '{"v":1}' }])
    }
  })

  it('skips stream entries that are not valid events', async () => {
    const [a, b] = await twoHubs()
    const client = await stream(b.url)
    const [hello] = await client.until(named('hello'))
    const raw = new Redis(redis.url)
    cleanups.push(() => raw.quit())
    const stream_ = `test:${process.pid}:${streamNumber}`
    const epoch = hello!.id!.split('.')[0]!
    await raw.xadd(stream_, '*', 'p', epoch, 'e', '{"type":"invalidate","keys":"nope","scopes":[]}')
    await raw.xadd(stream_, '*', 'p', epoch, 'e', 'not json')
    const id = await a.hub.publish({ tags: ['valid'] })
    await client.until(named('invalidate'))
    expect(client.changes().map((event) => event.id)).toEqual([id])
  })

  it('sends resync to every client after a Redis restart, then keeps delivering', async () => {
    const [a, b] = await twoHubs()
    const onA = await stream(a.url)
    const onB = await stream(b.url)
    await Promise.all([onA.until(named('hello')), onB.until(named('hello'))])
    const before = await a.hub.publish({ tags: ['before'] })
    await Promise.all([onA.until(named('invalidate')), onB.until(named('invalidate'))])

    await redis.restart()
    await Promise.all([onA.until(named('resync')), onB.until(named('resync'))])
    const after = await a.hub.publish({ tags: ['after'] })
    await Promise.all([onA.until(count('invalidate', 2)), onB.until(count('invalidate', 2))])

    for (const client of [onA, onB]) {
      expect(client.changes().map((event) => event.event)).toEqual(['invalidate', 'resync', 'invalidate'])
      expect(client.changes().map((event) => event.id)[2]).toBe(after)
    }
    // Ids from before the restart name a stream that is gone: a client coming back with one resyncs.
    const late = await stream(b.url, { 'Last-Event-ID': before })
    await late.until(named('resync'))
    expect(late.changes().map((event) => event.event)).toEqual(['resync'])
  })

  it('starts delivering once Redis is up when the bus was created while it was down', async () => {
    const port = await sparePort()
    const bus = redisBus({ url: `redis://127.0.0.1:${port}`, stream: `test:${process.pid}:${++streamNumber}` })
    const server = await startHubServer({}, createInvalidationHub({ bus }))
    cleanups.push(
      () => bus.close(),
      () => server.close(),
    )
    const late = await startRedis(redisServer!, port)
    cleanups.push(() => late.stop())
    const reader = await stream(server.url)
    await reader.until(named('hello'))
    const id = await server.hub.publish({ tags: ['t'] })
    await reader.until(named('invalidate'))
    expect(reader.changes().map((event) => event.id)).toEqual([id])
  })

  it('works over a client you pass and leaves that client open on close', async () => {
    const client = new Redis(redis.url)
    cleanups.push(() => client.quit())
    const bus: InvalidationBus = redisBus({ client, stream: `test:${process.pid}:${++streamNumber}` })
    const hub = createInvalidationHub({ bus })
    const server = await startHubServer({}, hub)
    cleanups.push(() => server.close())
    const reader = await stream(server.url)
    await reader.until(named('hello'))
    const id = await hub.publish({ tags: ['t'] })
    await reader.until(named('invalidate'))
    expect(reader.changes().map((event) => event.id)).toEqual([id])
    await bus.close()
    expect(await client.ping()).toBe('PONG')
  })

  it('needs exactly one of url or client', () => {
    expect(() => redisBus({})).toThrow(/exactly one of `url` or `client`/)
  })
})
