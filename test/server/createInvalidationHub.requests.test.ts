// @vitest-environment node
// Hostile requests against a real `http` server on 127.0.0.1: request targets that are not paths, garbage
// resume points, huge headers, and clients that come and go by the thousand.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createInvalidationHub, type InvalidationHub } from '../../src/server'
import { named, openStream, startHubServer, type HubServer } from './hubServer'
import { rawExchange, rawGet } from './rawHttp'

const cleanups: Array<() => unknown> = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function serve(): Promise<HubServer & { port: number }> {
  const server = await startHubServer()
  cleanups.push(() => server.close())
  return Object.assign(server, { port: (server.server.address() as AddressInfo).port })
}

/** The README's wiring, `(req, res) => void hub.handle(req, res)`, as Express would call it. */
async function serveAsReadme(hub: InvalidationHub): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => void hub.handle(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(async () => {
    await hub.close()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return { server, port: (server.address() as AddressInfo).port }
}

const badTargets = [
  ['an unparsable protocol-relative target', '//['],
  ['a port out of range', 'http://a:99999/events'],
  ['an absolute-form target with no host', 'http:///events'],
  ['an absolute-form target', 'http://127.0.0.1/events'],
  ['an asterisk-form target', '*'],
  ['a protocol-relative target naming another host', '//evil.example/events'],
] as const

describe('request targets that are not a path', () => {
  it.each(badTargets)('answers 400 to %s and closes the connection', async (_, target) => {
    const { port, hub } = await serve()
    const exchange = rawExchange(port, rawGet(target))
    cleanups.push(() => exchange.socket.destroy())
    expect(await exchange.status()).toBe(400)
    await exchange.closed
    expect(hub.stats().connections).toBe(0)
  })

  it.each(badTargets)('answers 400 to %s with a lastEventId query', async (_, target) => {
    const { port } = await serve()
    const exchange = rawExchange(port, rawGet(`${target}?lastEventId=abc.1`))
    cleanups.push(() => exchange.socket.destroy())
    expect(await exchange.status()).toBe(400)
  })

  it('never lets a bad target become an unhandled rejection under the README wiring', async () => {
    const rejections: Array<unknown> = []
    const onRejection = (reason: unknown) => rejections.push(reason)
    process.on('unhandledRejection', onRejection)
    cleanups.push(() => process.off('unhandledRejection', onRejection))
    const { port } = await serveAsReadme(createInvalidationHub())
    for (const [, target] of badTargets) {
      const exchange = rawExchange(port, rawGet(`${target}?lastEventId=abc.1`))
      cleanups.push(() => exchange.socket.destroy())
      await exchange.status()
      await exchange.closed
    }
    await new Promise((resolve) => setImmediate(resolve))
    expect(rejections).toEqual([])
  })

  it('keeps serving streams after answering bad targets', async () => {
    const { port, url } = await serve()
    for (const [, target] of badTargets) {
      const exchange = rawExchange(port, rawGet(target))
      cleanups.push(() => exchange.socket.destroy())
      await exchange.closed
    }
    const reader = await openStream(url)
    cleanups.push(() => reader.close())
    await reader.until(named('hello'))
    expect(reader.response.status).toBe(200)
  })
})

describe('resume points that cannot be an id', () => {
  it.each([
    ['an id over 128 characters', `abc.${'1'.repeat(200)}`],
    ['an id with spaces', 'abc 1 \t 2'],
    ['non-ASCII text', 'ïd.1'],
  ])('answers resync with the current id to %s in the header', async (_, id) => {
    const { port, hub } = await serve()
    const head = await hub.publish({ tags: ['t'] })
    const exchange = rawExchange(port, Buffer.from(rawGet('/events', [`Last-Event-ID: ${id}`]), 'latin1'))
    cleanups.push(() => exchange.socket.destroy())
    expect(await exchange.status()).toBe(200)
    await new Promise<void>((resolve) => {
      const check = setInterval(() => exchange.text().includes('event: resync') && (clearInterval(check), resolve()), 5)
    })
    expect(exchange.text()).toContain(`id: ${head}\nevent: resync\ndata: {"v":1}\n\n`)
  })

  it('answers resync to a control character in the lastEventId query', async () => {
    const { url, hub } = await serve()
    const head = await hub.publish({ tags: ['t'] })
    const reader = await openStream(`${url}?lastEventId=${encodeURIComponent(`${head}\r\nevent: reset`)}`)
    cleanups.push(() => reader.close())
    await reader.until(named('resync'))
    expect(reader.changes()).toEqual([{ event: 'resync', id: head, data: '{"v":1}' }])
  })

  it('prefers the Last-Event-ID header over the lastEventId query', async () => {
    const { url, hub } = await serve()
    const first = await hub.publish({ tags: ['a'] })
    const second = await hub.publish({ tags: ['b'] })
    const reader = await openStream(`${url}?lastEventId=garbage`, { 'Last-Event-ID': first })
    cleanups.push(() => reader.close())
    await reader.until((events) => events.some((event) => event.id === second))
    expect(reader.changes().map((event) => event.id)).toEqual([second])
  })
})

describe('odd requests', () => {
  it('answers 431 to a header block over the server limit and keeps serving', async () => {
    const { port, url } = await serve()
    const exchange = rawExchange(port, rawGet('/events', [`X-Huge: ${'a'.repeat(64 * 1024)}`]))
    cleanups.push(() => exchange.socket.destroy())
    expect(await exchange.status()).toBe(431)
    const reader = await openStream(url)
    cleanups.push(() => reader.close())
    await reader.until(named('hello'))
  })

  it('frees every slot after thousands of clients connect and disconnect', async () => {
    const { port, hub } = await serve()
    for (let batch = 0; batch < 10; batch++) {
      const exchanges = Array.from({ length: 200 }, () => rawExchange(port, rawGet('/events')))
      await Promise.all(exchanges.map((exchange) => exchange.status()))
      for (const [index, exchange] of exchanges.entries()) {
        if (index % 2 === 0) exchange.socket.destroy()
        else exchange.socket.resetAndDestroy()
      }
      await Promise.all(exchanges.map((exchange) => exchange.closed))
    }
    while (hub.stats().connections > 0) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(hub.stats()).toMatchObject({ connections: 0, dropped: 0 })
  })
})
