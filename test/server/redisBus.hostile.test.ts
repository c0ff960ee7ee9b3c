// @vitest-environment node
// The Redis bus against hostile storage and slow readers: replay is read in bounded pages as the client reads,
// and nothing written into Redis by something else (entries, the epoch) can reach a frame unchecked.
import type { AddressInfo } from 'node:net'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { redisBus, type InvalidationHub, type RedisBusOptions } from '../../src/server'
import { named, openStream, startHubServer, type HubServer } from './hubServer'
import { rawExchange, rawGet, type RawExchange } from './rawHttp'
import { findRedisServer, startRedis, type RedisProcess } from './redisServer'

const redisServer = findRedisServer()
if (!redisServer) console.warn('[react-query-toolkit/server] redis-server not found: hostile Redis bus tests skipped')

/** Every `id:` line a client may see: an epoch and a Redis stream id, nothing else. */
const idLine = /^id: [a-z0-9]{1,32}\.\d+-\d+$/

describe.skipIf(!redisServer)('redisBus with hostile storage and slow readers', () => {
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

  async function hubOn(
    busOptions: Partial<RedisBusOptions> = {},
  ): Promise<HubServer & { stream: string; port: number }> {
    const stream = `hostile:${process.pid}:${++streamNumber}`
    const bus = redisBus({ url: redis.url, stream, blockMs: 200, ...busOptions })
    const server = await startHubServer({ bus, replay: undefined })
    cleanups.push(
      () => bus.close(),
      () => server.close(),
    )
    return Object.assign(server, { stream, port: (server.server.address() as AddressInfo).port })
  }

  function rawRedis(): Redis {
    const client = new Redis(redis.url)
    client.on('error', () => {})
    cleanups.push(() => client.disconnect())
    return client
  }

  /** Records every command Redis runs (Lua's inner calls included). */
  async function monitor(): Promise<Array<Array<string>>> {
    const commands: Array<Array<string>> = []
    const connection = await rawRedis().monitor()
    connection.on('monitor', (_time: string, args: Array<string>) => commands.push(args))
    cleanups.push(() => connection.disconnect())
    return commands
  }

  function stalledClient(port: number, lastEventId: string): RawExchange {
    const exchange = rawExchange(port, rawGet('/events', [`Last-Event-ID: ${lastEventId}`]))
    exchange.socket.pause()
    cleanups.push(() => exchange.socket.destroy())
    return exchange
  }

  async function publishLarge(hub: InvalidationHub, count: number): Promise<Array<string>> {
    const ids: Array<string> = []
    for (let index = 0; index < count; index++) {
      ids.push(
        await hub.publish({ tags: Array.from({ length: 240 }, (_, tag) => `${index}-${tag}-`.padEnd(250, 'x')) }),
      )
    }
    return ids
  }

  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5))
  }
  const xranges = (commands: Array<Array<string>>) => commands.filter((args) => args[0]?.toLowerCase() === 'xrange')
  const idsIn = (text: string) => [...text.matchAll(/id: (\S+)\nevent: invalidate\n/g)].map((match) => match[1])

  it('reads a replay with XRANGE … COUNT, never more than a page at a time', async () => {
    const { hub, url } = await hubOn({ replayPageSize: 10 })
    const start = await hub.reset()
    const ids: Array<string> = []
    for (let index = 0; index < 95; index++) ids.push(await hub.publish({ tags: [`t${index}`] }))
    const commands = await monitor()
    const reader = await openStream(url, { 'Last-Event-ID': start })
    cleanups.push(() => reader.close())
    await reader.until((events) => events.filter((event) => event.event === 'invalidate').length === 95)
    expect(reader.changes().map((event) => event.id)).toEqual(ids)
    // MONITOR reports commands asynchronously: the last page's XRANGE may be told after its events arrived.
    await until(() => xranges(commands).length >= 10)
    for (const args of xranges(commands)) {
      const count = args.findIndex((arg) => arg.toUpperCase() === 'COUNT')
      expect(count).toBeGreaterThan(0)
      expect(Number(args[count + 1])).toBeLessThanOrEqual(11)
    }
  })

  it('reads the next page only once the client has read the previous one', async () => {
    const { hub, port } = await hubOn({ replayPageSize: 4 })
    const start = await hub.reset()
    await publishLarge(hub, 200)
    const commands = await monitor()
    stalledClient(port, start)
    await until(() => hub.stats().delivered > 1)
    for (let round = 0; round < 20; round++) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(xranges(commands).length).toBeLessThan(200 / 4 / 2)
  })

  it('closes a replay whose next entries were trimmed meanwhile; the client resumes into a resync', async () => {
    const { hub, port, url, stream } = await hubOn({ replayPageSize: 4 })
    const start = await hub.reset()
    await publishLarge(hub, 200)
    const client = stalledClient(port, start)
    await until(() => hub.stats().delivered > 1)
    await rawRedis().xtrim(stream, 'MAXLEN', 0)
    client.socket.resume()
    // The hub ends the chunked response (or the connection) after the events it could send.
    await Promise.race([client.closed, until(() => client.text().endsWith('\r\n0\r\n\r\n'))])
    const received = idsIn(client.text())
    expect(received.length).toBeLessThan(200)
    const resumed = await openStream(url, { 'Last-Event-ID': received.at(-1)! })
    cleanups.push(() => resumed.close())
    await resumed.until(named('resync'))
  })

  it('never lets a hostile entry epoch inject lines, events or ids', async () => {
    const { hub, port, stream } = await hubOn()
    const client = rawExchange(port, rawGet('/events'))
    cleanups.push(() => client.socket.destroy())
    await until(() => client.text().includes('event: hello'))
    const epoch = /id: ([a-z0-9]+)\./.exec(client.text())![1]!
    const payload = JSON.stringify({
      type: 'invalidate',
      keys: [],
      tags: ['x'],
      exact: false,
      refetch: 'active',
      scopes: [],
    })
    const raw = rawRedis()
    for (const hostile of [
      `${epoch}\nevent: reset\ndata: {"v":1}\n\nid: x`,
      `${epoch}\r`,
      `${epoch} x`,
      '',
      'A'.repeat(40),
    ]) {
      await raw.xadd(stream, '*', 'p', hostile, 'e', payload)
    }
    await raw.xadd(stream, '*', 'p', epoch, 'e', 'x'.repeat(2 * 1024 * 1024))
    await raw.xadd(stream, '*', 'p', epoch)
    const marker = await hub.publish({ tags: ['marker'] })
    await until(() => client.text().includes(marker))
    const body = client.text().split('\r\n\r\n').slice(1).join('')
    expect(body).not.toContain('event: reset')
    expect(
      body
        .split(/\r\n|\n/)
        .filter((line) => line.startsWith('id:'))
        .every((line) => idLine.test(line)),
    ).toBe(true)
    expect(idsIn(client.text())).toEqual([marker])
  })

  it('skips hostile entries in a replay too', async () => {
    const { hub, port, stream } = await hubOn()
    const start = await hub.reset()
    const epoch = start.split('.')[0]!
    const payload = JSON.stringify({ type: 'reset', scopes: [] })
    await rawRedis().xadd(stream, '*', 'p', `${epoch}\r\nevent: invalidate`, 'e', payload)
    const marker = await hub.publish({ tags: ['marker'] })
    const client = rawExchange(port, rawGet('/events', [`Last-Event-ID: ${start}`]))
    cleanups.push(() => client.socket.destroy())
    await until(() => client.text().includes(marker))
    expect(client.text()).not.toContain('event: reset')
    expect(idsIn(client.text())).toEqual([marker])
  })

  it.each([
    ['a line break and an injected event', 'ab12\r\nevent: reset\r\ndata: {"v":1}\r\n'],
    ['upper case and spaces', 'NOT AN EPOCH'],
    ['over 32 characters', 'a'.repeat(33)],
  ])('replaces a stored epoch with %s by a fresh one, so no id carries it', async (_, hostile) => {
    const { port, stream } = await hubOn()
    await rawRedis().set(`${stream}:epoch`, hostile)
    const client = rawExchange(port, rawGet('/events'))
    cleanups.push(() => client.socket.destroy())
    await until(() => client.text().includes('event: hello'))
    const idLines = client
      .text()
      .split(/\r\n|\n/)
      .filter((line) => line.startsWith('id:'))
    expect(idLines).toHaveLength(1)
    expect(idLines[0]).toMatch(idLine)
    expect(client.text()).not.toContain('event: reset')
  })

  it('closes a replay when Redis dies mid-way; the client resumes into a resync once it is back', async () => {
    const { hub, port, url } = await hubOn({ replayPageSize: 4 })
    const start = await hub.reset()
    await publishLarge(hub, 100)
    const client = stalledClient(port, start)
    await until(() => hub.stats().delivered > 1)
    await redis.restart()
    client.socket.resume()
    // The hub ends the chunked response (or the connection) after the events it could send.
    await Promise.race([client.closed, until(() => client.text().endsWith('\r\n0\r\n\r\n'))])
    const received = idsIn(client.text())
    expect(received.length).toBeLessThan(100)
    let resumed = await openStream(url, { 'Last-Event-ID': received.at(-1) ?? start })
    while (resumed.response.status === 503) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      resumed = await openStream(url, { 'Last-Event-ID': received.at(-1) ?? start })
    }
    cleanups.push(() => resumed.close())
    await resumed.until(named('resync'))
  })

  it('serves clients that connect while Redis is slow once it answers, and keeps delivering live', async () => {
    const { hub, url } = await hubOn()
    const open = await openStream(url)
    cleanups.push(() => open.close())
    await open.until(named('hello'))
    await rawRedis().client('PAUSE', 300, 'ALL')
    const late = await openStream(url)
    cleanups.push(() => late.close())
    await late.until(named('hello'))
    const id = await hub.publish({ tags: ['after-pause'] })
    await Promise.all([open.until(named('invalidate')), late.until(named('invalidate'))])
    expect(open.changes().map((event) => event.id)).toEqual([id])
    expect(late.changes().map((event) => event.id)).toEqual([id])
  })
})
