// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { isInvalidationHubError, memoryBus } from '../../src/server'
import type { BusMessage, HubEvent } from '../../src/server'
import { replayEvents } from './replayEvents'

const event = (tag: string): HubEvent => ({
  type: 'invalidate',
  keys: [],
  tags: [tag],
  exact: false,
  refetch: 'active',
  scopes: [],
})

describe('memoryBus', () => {
  it('gives increasing ids and delivers every event to subscribers in order', async () => {
    const bus = memoryBus()
    const seen: Array<BusMessage> = []
    bus.subscribe((message) => seen.push(message))
    const ids = [await bus.publish(event('a')), await bus.publish(event('b'))]
    expect(seen.map((message) => message.type === 'event' && message.event.id)).toEqual(ids)
    expect(ids[0]! < ids[1]!).toBe(true)
    await bus.close()
  })

  it('reports the newest id as its head', async () => {
    const bus = memoryBus()
    const id = await bus.publish(event('a'))
    expect(await bus.head()).toBe(id)
    await bus.close()
  })

  it('replays the events after an id', async () => {
    const bus = memoryBus()
    const first = await bus.publish(event('a'))
    await bus.publish(event('b'))
    await bus.publish(event('c'))
    const replay = await bus.replaySince(first)
    const events = await replayEvents(replay)
    expect(events !== 'resync' && events.map((item) => item.type === 'invalidate' && item.tags[0])).toEqual(['b', 'c'])
    await bus.close()
  })

  it('replays from the head of an empty bus', async () => {
    const bus = memoryBus()
    const head = await bus.head()
    await bus.publish(event('a'))
    const replay = await bus.replaySince(head)
    expect(replay.type === 'events' && replay.events).toHaveLength(1)
    await bus.close()
  })

  it('answers resync for an id that fell out of the ring buffer', async () => {
    const bus = memoryBus({ replay: 2 })
    const first = await bus.publish(event('a'))
    const second = await bus.publish(event('b'))
    await bus.publish(event('c'))
    const last = await bus.publish(event('d'))
    expect(await bus.replaySince(first)).toEqual({ type: 'resync', head: last })
    expect((await bus.replaySince(second)).type).toBe('events')
    await bus.close()
  })

  it('answers resync for ids of another bus, from the future, or malformed', async () => {
    const bus = memoryBus()
    const other = memoryBus()
    const foreign = await other.publish(event('a'))
    const head = await bus.head()
    const [epoch] = head.split('.')
    for (const id of [foreign, `${epoch}.99`, 'garbage', '']) {
      expect(await bus.replaySince(id)).toEqual({ type: 'resync', head })
    }
    await Promise.all([bus.close(), other.close()])
  })

  it('stops delivering to an unsubscribed listener', async () => {
    const bus = memoryBus()
    const seen: Array<BusMessage> = []
    const unsubscribe = bus.subscribe((message) => seen.push(message))
    unsubscribe()
    await bus.publish(event('a'))
    expect(seen).toEqual([])
    await bus.close()
  })

  it('rejects publishes after close', async () => {
    const bus = memoryBus()
    await bus.close()
    await expect(bus.publish(event('a'))).rejects.toSatisfy(isInvalidationHubError)
  })

  it('throws on a negative replay size', () => {
    expect(() => memoryBus({ replay: -1 })).toThrow(/replay must be/)
  })
})
