// @vitest-environment node
// A bus is trusted to order events, not to hand over bytes: ids that could break the framing are refused,
// and a bus that fails or hangs mid-way costs one connection, never the hub.
import { afterEach, describe, expect, it } from 'vitest'
import { memoryBus, type BusListener, type InvalidationBus, type PublishedEvent, type Replay } from '../../src/server'
import { named, openStream, startHubServer, type HubServer } from './hubServer'

const cleanups: Array<() => unknown> = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const invalidate = (id: string, tag: string): PublishedEvent => ({
  type: 'invalidate',
  id,
  keys: [],
  tags: [tag],
  exact: false,
  refetch: 'active',
  scopes: [],
})

/** A bus whose answers the test decides; live messages go through `emit`. */
function scriptedBus(overrides: Partial<InvalidationBus> = {}) {
  const listeners = new Set<BusListener>()
  const bus: InvalidationBus = {
    publish: () => Promise.resolve('e.1'),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    head: () => Promise.resolve('e.0'),
    replaySince: () => Promise.resolve({ type: 'events', events: [] }),
    close: () => Promise.resolve(),
    ...overrides,
  }
  return { bus, emit: (event: PublishedEvent) => listeners.forEach((listener) => listener({ type: 'event', event })) }
}

async function serve(bus: InvalidationBus, maxConnections?: number): Promise<HubServer> {
  const server = await startHubServer({ bus, maxConnections })
  cleanups.push(() => server.close())
  return server
}

describe('ids from the bus', () => {
  it('skips and counts a live event whose id holds a line break', async () => {
    const { bus, emit } = scriptedBus()
    const { url, hub } = await serve(bus)
    const reader = await openStream(url)
    cleanups.push(() => reader.close())
    await reader.until(named('hello'))
    emit(invalidate('e.1\nevent: reset', 'bad'))
    emit(invalidate('e.2', 'good'))
    await reader.until(named('invalidate'))
    expect(reader.changes()).toEqual([{ event: 'invalidate', id: 'e.2', data: '{"v":1,"tags":["good"]}' }])
    expect(hub.stats().rejected).toBe(1)
  })

  it('skips and counts a live event whose id is longer than the hub accepts back as a resume point', async () => {
    const { bus, emit } = scriptedBus()
    const { url, hub } = await serve(bus)
    const reader = await openStream(url)
    cleanups.push(() => reader.close())
    await reader.until(named('hello'))
    emit(invalidate(`e.${'1'.repeat(200)}`, 'unresumable'))
    emit(invalidate('e.2', 'good'))
    await reader.until(named('invalidate'))
    expect(reader.changes()).toEqual([{ event: 'invalidate', id: 'e.2', data: '{"v":1,"tags":["good"]}' }])
    expect(hub.stats().rejected).toBe(1)
  })

  it('skips and counts a replayed event whose id holds a carriage return', async () => {
    const events = [invalidate('e.1\r', 'bad'), invalidate('e.2', 'good')]
    const { bus } = scriptedBus({ replaySince: () => Promise.resolve<Replay>({ type: 'events', events }) })
    const { url, hub } = await serve(bus)
    const reader = await openStream(url, { 'Last-Event-ID': 'e.0' })
    cleanups.push(() => reader.close())
    await reader.until(named('invalidate'))
    expect(reader.changes().map((event) => event.id)).toEqual(['e.2'])
    expect(hub.stats().rejected).toBe(1)
  })

  it('answers 503 when the head id from the bus could break the framing', async () => {
    const { bus } = scriptedBus({ head: () => Promise.resolve('e.0\n\nevent: reset') })
    const { url } = await serve(bus)
    expect((await fetch(url)).status).toBe(503)
  })
})

describe('a bus that fails or hangs', () => {
  it('closes a stream whose replay fails mid-way, after the events it could send', async () => {
    async function* failing(): AsyncGenerator<PublishedEvent> {
      yield invalidate('e.1', 'a')
      throw new Error('storage lost')
    }
    const { bus } = scriptedBus({ replaySince: () => Promise.resolve<Replay>({ type: 'events', events: failing() }) })
    const { url, hub } = await serve(bus)
    const reader = await openStream(url, { 'Last-Event-ID': 'e.0' })
    await reader.ended
    expect(reader.changes().map((event) => event.id)).toEqual(['e.1'])
    expect(hub.stats().connections).toBe(0)
  })

  it('frees the slot of a client that leaves while the bus has not answered', async () => {
    let calls = 0
    const { bus } = scriptedBus({
      head: () => (++calls === 1 ? new Promise<string>(() => {}) : Promise.resolve('e.0')),
    })
    const { url, hub } = await serve(bus, 1)
    const abandoned = new AbortController()
    const first = fetch(url, { signal: abandoned.signal }).catch(() => undefined)
    while (hub.stats().connections === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    abandoned.abort()
    await first
    while (hub.stats().connections > 0) await new Promise((resolve) => setTimeout(resolve, 5))
    const reader = await openStream(url)
    cleanups.push(() => reader.close())
    expect(reader.response.status).toBe(200)
  })

  it('keeps the memory bus replay intact while a slow client reads it and newer events overwrite the ring', async () => {
    const bus = memoryBus({ replay: 3 })
    cleanups.push(() => bus.close())
    const server = await serve(bus)
    const start = await server.hub.reset()
    const ids = [await server.hub.publish({ tags: ['a'] }), await server.hub.publish({ tags: ['b'] })]
    const replay = await bus.replaySince(start)
    for (let index = 0; index < 5; index++) await server.hub.publish({ tags: [`later-${index}`] })
    expect(replay.type === 'events' && [...(replay.events as Array<PublishedEvent>)].map((event) => event.id)).toEqual(
      ids,
    )
  })
})
