// @vitest-environment node
// Another tab is a trust boundary: messages of any shape or size, and floods, are dropped and counted or
// coalesced; nothing they carry reaches the cache unless it passes the protocol's limits.
import { QueryObserver } from '@tanstack/react-query'
import fc from 'fast-check'
import { afterEach, expect, it, vi } from 'vitest'
import { exceedsSize, MAX_TAB_MESSAGE_SIZE } from '../../src/internal/tabChannel'
import { isEventId } from '../../src/live/internal/eventId'
import { toTabMessage } from '../../src/live/internal/tabMessage'
import { hello, isInvalidated, tick } from './helpers'
import { twoTabs } from './tabHarness'

const cleanups: Array<() => void> = []

afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup())
})

const keysOfSize = (count: number, length: number) => Array.from({ length: count }, (_, i) => [`${i}`.padEnd(length, 'k')])

it('drops and counts an invalidation from a tab that is over 64 KiB, though within the key count', async () => {
  const { postAsTab, tabB, clientB } = await twoTabs(cleanups)
  postAsTab({ t: 'inv', inv: { keys: [['b'], ...keysOfSize(999, 100)], tags: [], exact: false, refetch: 'active' } })
  await vi.waitFor(() => expect(tabB.status.getState().dropped).toBe(1))
  expect(isInvalidated(clientB, ['b'])).toBe(false)
})

it('drops and counts a relayed event whose name is megabytes long', async () => {
  const { postAsTab, tabB } = await twoTabs(cleanups)
  postAsTab({ t: 'event', name: 'x'.repeat(2 * 1024 * 1024), data: '{"v":1}' })
  await vi.waitFor(() => expect(tabB.status.getState().dropped).toBe(1))
})

it('accepts a relayed event whose data is at the 64 KiB limit', async () => {
  const { postAsTab, tabB, clientB } = await twoTabs(cleanups)
  const body = JSON.stringify({ v: 1, keys: [['b']] })
  const data = body.slice(0, -1) + `,"pad":"${'p'.repeat(64 * 1024 - body.length - 9)}"}`
  expect(new TextEncoder().encode(data).byteLength).toBe(64 * 1024)
  postAsTab({ t: 'event', name: 'invalidate', data, id: 'i'.repeat(1024) })
  await vi.waitFor(() => expect(isInvalidated(clientB, ['b'])).toBe(true))
  expect(tabB.status.getState().dropped).toBe(0)
})

it.each([
  ['more than 1,000 keys', { keys: Array.from({ length: 1001 }, (_, i) => [i]) }],
  ['more than 1,000 tags', { tags: Array.from({ length: 1001 }, (_, i) => `t${i}`) }],
  ['a key nested deeper than 16', { keys: [[JSON.parse('['.repeat(17) + '1' + ']'.repeat(17))]] }],
])('drops and counts an invalidation from a tab with %s', async (_, inv) => {
  const { postAsTab, tabB } = await twoTabs(cleanups)
  postAsTab({ t: 'inv', inv: { tags: [], exact: false, refetch: 'active', ...inv } })
  await vi.waitFor(() => expect(tabB.status.getState().dropped).toBe(1))
})

it('drops a cyclic message without walking it forever', async () => {
  const { postAsTab, tabB } = await twoTabs(cleanups)
  const key: Array<unknown> = ['b']
  key.push(key)
  postAsTab({ t: 'inv', inv: { keys: [key], tags: [], exact: false, refetch: 'active' } })
  await vi.waitFor(() => expect(tabB.status.getState().dropped).toBe(1))
})

it.each([
  ['a number', 7],
  ['null', null],
  ['an array', [1, 2]],
  ['a Map', new Map([['t', 'sync']])],
  ['a Date', new Date(0)],
  ['an ArrayBuffer of 1 MiB', new ArrayBuffer(1024 * 1024)],
  ['an event with no data', { t: 'event', name: 'invalidate' }],
  ['a state that does not exist', { t: 'state', state: 'hacked' }],
  ['an inv without inv', { t: 'inv' }],
])('drops and counts %s as a payload', async (_, payload) => {
  const { postAsTab, tabB } = await twoTabs(cleanups)
  postAsTab(payload)
  await vi.waitFor(() => expect(tabB.status.getState().dropped).toBe(1))
})

it('counts every message of a flood of junk and keeps applying valid ones', async () => {
  const { postAsTab, tabB, clientB } = await twoTabs(cleanups)
  for (let i = 0; i < 5000; i++) postAsTab({ t: 'junk', i })
  postAsTab({ t: 'event', name: 'invalidate', data: '{"v":1,"keys":[["b"]]}' })
  await vi.waitFor(() => expect(isInvalidated(clientB, ['b'])).toBe(true))
  expect(tabB.status.getState().dropped).toBe(5000)
})

it('coalesces a flood of reconnect requests from other tabs into at most two reconnections', async () => {
  const { postAsTab, endpoint } = await twoTabs(cleanups, { retry: { minDelayMs: 200 } })
  ;(await endpoint.connection(1)).push(hello())
  await tick()
  for (let i = 0; i < 1000; i++) postAsTab({ t: 'reconnect' })
  await tick()
  expect(endpoint.connections).toHaveLength(2)
  await new Promise((resolve) => setTimeout(resolve, 250))
  expect(endpoint.connections).toHaveLength(3)
})

it('measures sizes with a budget: a payload over the limit stops the walk early', () => {
  expect(exceedsSize({ t: 'sync' }, MAX_TAB_MESSAGE_SIZE)).toBe(false)
  expect(exceedsSize('x'.repeat(MAX_TAB_MESSAGE_SIZE), MAX_TAB_MESSAGE_SIZE)).toBe(true)
  expect(exceedsSize(new Array(1e9), MAX_TAB_MESSAGE_SIZE)).toBe(true)
  expect(exceedsSize(new Set(Array.from({ length: 100_000 }, (_, i) => i)), MAX_TAB_MESSAGE_SIZE)).toBe(true)
  const wide: Record<string, number> = {}
  for (let i = 0; i < 100_000; i++) wide[`k${i}`] = i
  expect(exceedsSize(wide, MAX_TAB_MESSAGE_SIZE)).toBe(true)
})

it('refetches a query twice, not once per message, for a flood of 200 invalidations from a tab', async () => {
  const { postAsTab, clientB } = await twoTabs(cleanups)
  let fetches = 0
  const observer = new QueryObserver(clientB, {
    queryKey: ['shared'],
    queryFn: async () => {
      fetches++
      await new Promise((resolve) => setTimeout(resolve, 20))
      return fetches
    },
  })
  cleanups.push(observer.subscribe(() => {}))
  await vi.waitFor(() => expect(clientB.isFetching()).toBe(0))
  fetches = 0
  for (let i = 0; i < 200; i++) postAsTab({ t: 'inv', inv: { keys: [['shared']], tags: [], exact: false, refetch: 'active' } })
  await vi.waitFor(() => expect(fetches).toBeGreaterThan(0))
  await vi.waitFor(() => expect(clientB.isFetching()).toBe(0))
  expect(fetches).toBeLessThanOrEqual(2)
})

it('applies every distinct invalidation of a burst from a tab', async () => {
  const { postAsTab, clientB } = await twoTabs(cleanups)
  postAsTab({ t: 'inv', inv: { keys: [['b']], tags: [], exact: true, refetch: 'none' } })
  postAsTab({ t: 'inv', inv: { keys: [['shared']], tags: [], exact: false, refetch: 'active' } })
  await vi.waitFor(() => expect(isInvalidated(clientB, ['b']) && isInvalidated(clientB, ['shared'])).toBe(true))
})

it('answers a flood of sync requests from a tab with a handful of state messages', async () => {
  const { postAsTab, raw, endpoint } = await twoTabs(cleanups)
  ;(await endpoint.connection(1)).push(hello())
  await tick()
  let states = 0
  raw.onmessage = (event: MessageEvent<{ payload: { t: string } }>) => {
    if (event.data.payload.t === 'state') states++
  }
  for (let i = 0; i < 1000; i++) postAsTab({ t: 'sync' })
  await vi.waitFor(() => expect(states).toBeGreaterThan(0))
  await tick()
  await tick()
  expect(states).toBeLessThanOrEqual(5)
})

it('never throws on a payload of any shape, and passes on only what it validated', () => {
  const kinds = fc.constantFrom('event', 'state', 'sync', 'reconnect', 'inv')
  const anything = fc.anything({ withMap: true, withSet: true, withTypedArray: true })
  const shaped = fc.record(
    { t: kinds, name: anything, data: anything, id: anything, state: anything, inv: anything },
    { requiredKeys: ['t'] },
  )
  fc.assert(
    fc.property(fc.oneof(anything, shaped), (payload) => {
      if (exceedsSize(payload, MAX_TAB_MESSAGE_SIZE)) return
      const message = toTabMessage(payload)
      if (message === undefined) return
      expect(['event', 'state', 'sync', 'reconnect', 'inv']).toContain(message.t)
      if (message.t === 'event') {
        expect(typeof message.name).toBe('string')
        expect(typeof message.data).toBe('string')
        expect(message.id === undefined || message.id === '' || isEventId(message.id)).toBe(true)
      }
    }),
    { numRuns: 2000 },
  )
})
