// @vitest-environment node
// Replay under backpressure: a resuming client gets its missed events only as fast as it reads them, so a
// client that never reads costs the hub a bounded buffer, not the whole replay.
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createInvalidationHub, type InvalidationHub, type InvalidationHubOptions } from '../../src/server'
import { rawExchange, rawGet, type RawExchange } from './rawHttp'

const cleanups: Array<() => unknown> = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A hub behind `http`, recording for every `res.write` how many bytes were still unsent before it. */
async function serveRecording(options: InvalidationHubOptions) {
  const hub = createInvalidationHub(options)
  const unsentBeforeWrite: Array<number> = []
  const server = createServer((req, res: ServerResponse) => {
    const write = res.write.bind(res) as (chunk: Buffer) => boolean
    res.write = ((chunk: Buffer) => {
      unsentBeforeWrite.push(res.writableLength)
      return write(chunk)
    }) as typeof res.write
    void hub.handle(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(async () => {
    await hub.close()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return { hub, port: (server.address() as AddressInfo).port, unsentBeforeWrite }
}

/** Events of about 60 KiB each (240 tags of 250 characters). */
async function publishLarge(hub: InvalidationHub, count: number): Promise<Array<string>> {
  const ids: Array<string> = []
  for (let index = 0; index < count; index++) {
    const tags = Array.from({ length: 240 }, (_, tag) => `${index}-${tag}-`.padEnd(250, 'x'))
    ids.push(await hub.publish({ tags }))
  }
  return ids
}

/** A client that has not read a byte yet (its socket is paused). */
function stalledClient(port: number, lastEventId: string): RawExchange {
  const exchange = rawExchange(port, rawGet('/events', [`Last-Event-ID: ${lastEventId}`]))
  exchange.socket.pause()
  cleanups.push(() => exchange.socket.destroy())
  return exchange
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5))
}

const eventsIn = (text: string) => text.split('\nevent: invalidate\n').length - 1

describe('replay under backpressure', () => {
  it('never writes a replayed event while more than maxBufferedBytes are unsent', async () => {
    const maxBufferedBytes = 128 * 1024
    const { hub, port, unsentBeforeWrite } = await serveRecording({ replay: 600, maxBufferedBytes })
    const start = await hub.reset()
    await publishLarge(hub, 600)
    stalledClient(port, start)
    await until(() => hub.stats().delivered > 1)
    // Give the hub every chance to keep writing: it must be waiting for the client instead.
    for (let round = 0; round < 20; round++) await new Promise((resolve) => setImmediate(resolve))
    expect(Math.max(...unsentBeforeWrite)).toBeLessThanOrEqual(maxBufferedBytes)
    expect(hub.stats().delivered).toBeLessThan(600)
  })

  it('delivers the whole replay, in order, once the stalled client reads', async () => {
    const { hub, port } = await serveRecording({ replay: 600 })
    const start = await hub.reset()
    const ids = await publishLarge(hub, 600)
    const client = stalledClient(port, start)
    await until(() => hub.stats().delivered > 1)
    client.socket.resume()
    await until(() => eventsIn(client.text()) === 600)
    const received = [...client.text().matchAll(/id: (\S+)\nevent: invalidate\n/g)].map((match) => match[1])
    expect(received).toEqual(ids)
  })

  it('sends live events published during a slow replay after it, without duplicates', async () => {
    const { hub, port } = await serveRecording({ replay: 600 })
    const start = await hub.reset()
    const ids = await publishLarge(hub, 300)
    const client = stalledClient(port, start)
    await until(() => hub.stats().delivered > 1)
    const live = [await hub.publish({ tags: ['live-1'] }), await hub.publish({ tags: ['live-2'] })]
    client.socket.resume()
    await until(() => eventsIn(client.text()) === 302)
    const received = [...client.text().matchAll(/id: (\S+)\nevent: invalidate\n/g)].map((match) => match[1])
    expect(received).toEqual([...ids, ...live])
  })

  it('drops a replaying client once more live events wait for it than the hub holds, and counts it', async () => {
    const { hub, port } = await serveRecording({ replay: 600 })
    const start = await hub.reset()
    await publishLarge(hub, 600)
    stalledClient(port, start)
    await until(() => hub.stats().delivered > 1)
    for (let index = 0; index < 1001 && hub.stats().connections > 0; index++) await hub.publish({ tags: [`l${index}`] })
    expect(hub.stats()).toMatchObject({ connections: 0, dropped: 1 })
  })

  it('stops the replay of a client that disconnects mid-way and frees its slot', async () => {
    const { hub, port } = await serveRecording({ replay: 600, maxConnections: 1 })
    const start = await hub.reset()
    await publishLarge(hub, 600)
    const client = stalledClient(port, start)
    await until(() => hub.stats().delivered > 1)
    client.socket.resetAndDestroy()
    await until(() => hub.stats().connections === 0)
    const delivered = hub.stats().delivered
    const next = rawExchange(port, rawGet('/events'))
    cleanups.push(() => next.socket.destroy())
    expect(await next.status()).toBe(200)
    expect(hub.stats().delivered).toBe(delivered)
  })
})
