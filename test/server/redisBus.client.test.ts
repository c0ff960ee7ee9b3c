// @vitest-environment node
// The client an app hands to redisBus({ client }) is typed structurally (RedisClient), so it may be anything of
// that shape: these clients fail, answer nonsense or never answer, and the bus must fail clearly, never hang its
// close, and never hand out an id it did not check. No Redis server is needed.
import { afterEach, describe, expect, it } from 'vitest'
import {
  isInvalidationHubError,
  redisBus,
  type HubEvent,
  type InvalidationBus,
  type PublishedEvent,
  type RedisClient,
} from '../../src/server'

const never = () => new Promise<never>(() => {})
const event: HubEvent = { type: 'invalidate', scopes: [], keys: [['a']], tags: [], exact: false, refetch: 'active' }
const isClosed = (error: unknown) => isInvalidationHubError(error) && error.code === 'closed'

/** A client that answers every command with `reply` (a head of `0-0` on a fresh epoch unless told otherwise). */
function fakeClient(overrides: Partial<RedisClient> = {}): RedisClient & { calls: Array<string> } {
  const calls: Array<string> = []
  const client: RedisClient & { calls: Array<string> } = {
    calls,
    duplicate: () => fakeClient({ xread: never, ...overrides }),
    on: () => client,
    eval: async (script) => {
      calls.push(script.includes('XADD') ? 'publish' : 'read')
      return script.includes('XADD') ? ['abc', '1-0'] : ['abc', '0-0', '', '0', '0', []]
    },
    xread: never,
    xrange: async () => [],
    quit: async () => 'OK',
    disconnect: () => {},
    ...overrides,
  }
  return client
}

const buses: Array<InvalidationBus> = []
function track(bus: InvalidationBus): InvalidationBus {
  buses.push(bus)
  return bus
}
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()))
})

describe('redisBus over a client the app passes', () => {
  it('works over any object of the RedisClient shape', async () => {
    const bus = track(redisBus({ client: fakeClient() }))
    expect(await bus.head()).toBe('abc.0-0')
    expect(await bus.publish(event)).toBe('abc.1-0')
  })

  it("rejects head and publish with the client's own error when duplicate() throws", async () => {
    const failure = new Error('cannot duplicate')
    const bus = track(
      redisBus({
        client: fakeClient({
          duplicate: () => {
            throw failure
          },
        }),
      }),
    )
    await expect(bus.head()).rejects.toBe(failure)
    await expect(bus.publish(event)).rejects.toBe(failure)
  })

  it.each([
    ['an id with a line break', ['abc', '1-0\nevent: reset']],
    ['an epoch with a line break', ['abc\n', '1-0']],
    ['no array', 'OK'],
    ['an empty array', []],
    ['numbers', [1, 2]],
  ])('refuses a publish reply holding %s', async (_, reply) => {
    const client = fakeClient()
    const read = client.eval
    const bus = track(
      redisBus({
        client: fakeClient({
          eval: (script, ...args) => (script.includes('XADD') ? Promise.resolve(reply) : read(script, ...args)),
        }),
      }),
    )
    await expect(bus.publish(event)).rejects.toThrow('unexpected reply from the publish script')
  })

  it('rejects a publish whose eval throws synchronously, with that error', async () => {
    const failure = new TypeError('not a function')
    const bus = track(
      redisBus({
        client: fakeClient({
          eval: () => {
            throw failure
          },
        }),
      }),
    )
    await expect(bus.publish(event)).rejects.toBe(failure)
  })

  it('rejects with code closed what it asks after close()', async () => {
    const bus = redisBus({ client: fakeClient() })
    await bus.close()
    await expect(bus.publish(event)).rejects.toSatisfy(isClosed)
    await expect(bus.head()).rejects.toSatisfy(isClosed)
    await expect(bus.replaySince('abc.0-0')).rejects.toSatisfy(isClosed)
  })

  it('releases a head still waiting on a client that never answers when the bus closes', async () => {
    const bus = redisBus({ client: fakeClient({ eval: never }) })
    const head = bus.head()
    await bus.close()
    await expect(head).rejects.toSatisfy(isClosed)
  })

  it('releases a publish still waiting on a client that never answers when the bus closes', async () => {
    const client = fakeClient()
    const read = client.eval
    const bus = redisBus({
      client: fakeClient({ eval: (script, ...args) => (script.includes('XADD') ? never() : read(script, ...args)) }),
    })
    await bus.head()
    const publish = bus.publish(event)
    await bus.close()
    await expect(publish).rejects.toSatisfy(isClosed)
  })

  it('releases a replay waiting on its next page when the bus closes', async () => {
    const entry = (id: string) => [id, ['p', 'abc', 'e', JSON.stringify(event)]]
    const firstPage = Array.from({ length: 16 }, (_, index) => entry(`1-${index + 1}`))
    const client = fakeClient({
      eval: async () => ['abc', '1-40', '1-1', '40', '40', firstPage],
      xrange: never,
    })
    const bus = redisBus({ client, replayPageSize: 16 })
    const replay = await bus.replaySince('abc.1-0')
    if (replay.type !== 'events') throw new Error(`expected events, got ${replay.type}`)
    const events = (replay.events as AsyncIterable<PublishedEvent>)[Symbol.asyncIterator]()
    const delivered = []
    for (let index = 0; index < 16; index++) delivered.push((await events.next()).value)
    expect(delivered.map((published) => published?.id)).toEqual(
      Array.from({ length: 16 }, (_, index) => `abc.1-${index + 1}`),
    )
    const next = events.next()
    await bus.close()
    await expect(next).rejects.toSatisfy(isClosed)
  })

  it("leaves the app's client open on close and disconnects only its own reader", async () => {
    const closed: Array<string> = []
    const reader = fakeClient({ disconnect: () => closed.push('reader') })
    const client = fakeClient({
      duplicate: () => reader,
      quit: async () => closed.push('client quit'),
      disconnect: () => closed.push('client'),
    })
    const bus = redisBus({ client })
    await bus.head()
    await bus.close()
    expect(closed).toEqual(['reader'])
  })
})
