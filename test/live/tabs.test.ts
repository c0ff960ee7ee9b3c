// @vitest-environment node
// One connection per browser: two tabs (two QueryClients) share a BroadcastChannel and a fake Web Locks.
import type { QueryClient } from '@tanstack/react-query'
import { afterEach, expect, it, vi } from 'vitest'
import { subscribeInvalidations } from '../../src/internal/invalidationEvents'
import type { InvalidationRecord } from '../../src/internal/invalidationEvents'
import { invalidateKeys } from '../../src/invalidateKeys'
import { invalidateTags } from '../../src/invalidateTags'
import type { TabLocks } from '../../src/live'
import { tabHarness } from './tabHarness'
import { hello, isInvalidated, seededClient, sse, tick } from './helpers'

const cleanups: Array<() => void> = []

afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup())
})

const setup = () => tabHarness(cleanups)

function records(client: QueryClient) {
  const list: Array<InvalidationRecord> = []
  cleanups.push(subscribeInvalidations(client, (record) => list.push(record)))
  return list
}

const invalidate = (keys: Array<Array<unknown>>, id: string) => sse('invalidate', { v: 1, keys }, id)

async function twoTabs() {
  const harness = setup()
  const clientA = seededClient([['a'], ['shared']])
  const clientB = seededClient([['b'], ['shared']])
  const tabA = harness.open(clientA)
  await vi.waitFor(() => expect(tabA.status.getState().role).toBe('leader'))
  const tabB = harness.open(clientB)
  return { ...harness, clientA, clientB, tabA, tabB }
}

it('opens one connection for two tabs: a leader and a follower', async () => {
  const { endpoint, tabA, tabB } = await twoTabs()
  await tick()
  expect(endpoint.connections).toHaveLength(1)
  expect(tabA.status.getState().role).toBe('leader')
  expect(tabB.status.getState().role).toBe('follower')
})

it('relays the leader events with their ids to the follower', async () => {
  const { endpoint, clientB, tabB } = await twoTabs()
  ;(await endpoint.connection(1)).push(hello() + invalidate([['shared']], '31'))
  await vi.waitFor(() => expect(isInvalidated(clientB, ['shared'])).toBe(true))
  expect(isInvalidated(clientB, ['b'])).toBe(false)
  expect(tabB.status.getState()).toMatchObject({ lastEventId: '31', received: 2 })
})

it("mirrors the leader's connection state in the follower", async () => {
  const { endpoint, tabB } = await twoTabs()
  ;(await endpoint.connection(1)).push(hello())
  await vi.waitFor(() => expect(tabB.status.getState().state).toBe('open'))
})

it('tells a tab that joins later the current state', async () => {
  const harness = setup()
  const tabA = harness.open(seededClient([]))
  ;(await harness.endpoint.connection(1)).push(hello())
  await vi.waitFor(() => expect(tabA.status.getState().state).toBe('open'))
  const tabB = harness.open(seededClient([]))
  await vi.waitFor(() => expect(tabB.status.getState()).toMatchObject({ role: 'follower', state: 'open' }))
})

it('hands the stream to the follower when the leader closes, resuming from the last id', async () => {
  const { endpoint, tabA, tabB } = await twoTabs()
  ;(await endpoint.connection(1)).push(hello() + invalidate([['x']], 'last-seen'))
  await vi.waitFor(() => expect(tabB.status.getState().lastEventId).toBe('last-seen'))
  tabA.close()
  const second = await endpoint.connection(2)
  expect(second.headers.get('Last-Event-ID')).toBe('last-seen')
  expect(tabB.status.getState().role).toBe('leader')
})

it('invalidates everything in the new leader when the server cannot replay after a handover', async () => {
  const { endpoint, tabA, tabB, clientB } = await twoTabs()
  ;(await endpoint.connection(1)).push(hello() + invalidate([['x']], '5'))
  await vi.waitFor(() => expect(tabB.status.getState().lastEventId).toBe('5'))
  tabA.close()
  ;(await endpoint.connection(2)).push(hello(false))
  await vi.waitFor(() => expect(isInvalidated(clientB, ['b']) && isInvalidated(clientB, ['shared'])).toBe(true))
})

it('relays a missed-replay resync from the leader to its followers', async () => {
  const { endpoint, clientB } = await twoTabs()
  const first = await endpoint.connection(1)
  first.push(hello() + invalidate([['x']], '5'))
  await tick()
  first.end()
  ;(await endpoint.connection(2)).push(hello(false))
  await vi.waitFor(() => expect(isInvalidated(clientB, ['b'])).toBe(true))
})

it('asks the leader to reconnect when a follower calls reconnect()', async () => {
  const harness = setup()
  harness.endpoint.respondWith(401)
  const tabA = harness.open(seededClient([]))
  await vi.waitFor(() => expect(tabA.status.getState().state).toBe('unauthorized'))
  const tabB = harness.open(seededClient([]))
  await vi.waitFor(() => expect(tabB.status.getState().state).toBe('unauthorized'))
  tabB.reconnect()
  await harness.endpoint.connection(2)
})

it('relays mutation and manual invalidations to the other tabs, which apply them as tab invalidations', async () => {
  const { clientA, clientB } = await twoTabs()
  const seenByB = records(clientB)
  const seenByA = records(clientA)
  await invalidateKeys(clientA, [['shared']], { source: 'mutation' })
  await invalidateTags(clientA, ['some-tag'], { source: 'manual' })
  await vi.waitFor(() => expect(isInvalidated(clientB, ['shared'])).toBe(true))
  await vi.waitFor(() => expect(seenByB).toHaveLength(2))
  expect(seenByB.map((record) => record.source)).toEqual(['tab', 'tab'])
  await tick()
  expect(seenByA.every((record) => record.source !== 'tab')).toBe(true)
  expect(isInvalidated(clientB, ['b'])).toBe(false)
})

it('does not relay tab invalidations, which would echo', async () => {
  const { clientA, clientB } = await twoTabs()
  const seenByB = records(clientB)
  await invalidateKeys(clientA, [['shared']], { source: 'tab' })
  await tick()
  await tick()
  expect(seenByB).toHaveLength(0)
  expect(isInvalidated(clientB, ['shared'])).toBe(false)
})

it('relays an invalidate-all from a mutation as a match-everything key', async () => {
  const { clientA, clientB } = await twoTabs()
  await invalidateKeys(clientA, [[]], { source: 'mutation' })
  await vi.waitFor(() => expect(isInvalidated(clientB, ['b']) && isInvalidated(clientB, ['shared'])).toBe(true))
})

it('drops and counts tab messages from an older or foreign version', async () => {
  const { raw, tabB } = await twoTabs()
  raw.postMessage({ rqt: 0, kind: 'live', payload: { t: 'sync' } })
  raw.postMessage({ something: 'else' })
  raw.postMessage('a string')
  await vi.waitFor(() => expect(tabB.status.getState().dropped).toBe(3))
})

it('validates relayed events again and drops bad ones', async () => {
  const { raw, tabB, clientB } = await twoTabs()
  raw.postMessage({ rqt: 1, kind: 'live', payload: { t: 'event', name: 'invalidate', data: '{"v":2,"keys":[["b"]]}' } })
  raw.postMessage({ rqt: 1, kind: 'live', payload: { t: 'event', name: 'invalidate', data: 7 } })
  raw.postMessage({ rqt: 1, kind: 'live', payload: { t: 'nonsense' } })
  raw.postMessage({
    rqt: 1,
    kind: 'live',
    payload: { t: 'inv', inv: JSON.parse('{"keys":[[{"__proto__":{"polluted":true}}]],"refetch":"active"}') },
  })
  await vi.waitFor(() => expect(tabB.status.getState().dropped).toBe(4))
  expect(isInvalidated(clientB, ['b'])).toBe(false)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
})

it('connects each tab itself without Web Locks (solo)', async () => {
  const harness = setup()
  const tabA = harness.open(seededClient([]), { locks: undefined })
  const tabB = harness.open(seededClient([]), { locks: undefined })
  await harness.endpoint.connection(2)
  expect(tabA.status.getState().role).toBe('solo')
  expect(tabB.status.getState().role).toBe('solo')
})

it('connects each tab itself with share: false', async () => {
  const harness = setup()
  const request = vi.fn<TabLocks['request']>()
  const tab = harness.open(seededClient([]), { share: false, locks: { request } })
  await harness.endpoint.connection(1)
  expect(tab.status.getState().role).toBe('solo')
  expect(request).not.toHaveBeenCalled()
})

it('withdraws a waiting lock request when a follower closes', async () => {
  const { locks, tabA, tabB } = await twoTabs()
  tabB.close()
  tabA.close()
  await tick()
  expect(locks.holders()).toBe(0)
})
