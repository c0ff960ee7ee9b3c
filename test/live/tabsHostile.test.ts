// @vitest-environment node
// Another tab is a trust boundary: messages of any shape or size, and floods, are dropped and counted or
// coalesced. (Invalidations between tabs travel through syncTabs: see test/syncTabs.hostile.test.ts.)
import fc from 'fast-check'
import { afterEach, expect, it, vi } from 'vitest'
import { exceedsSize, MAX_TAB_MESSAGE_SIZE } from '../../src/tabs/tabChannel'
import { isEventId } from '../../src/live/internal/eventId'
import { toTabMessage } from '../../src/live/internal/tabMessage'
import { hello, tick } from './helpers'
import { twoTabs } from './tabHarness'

const cleanups: Array<() => void> = []

afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup())
})

it('drops and counts a relayed event whose name is megabytes long', async () => {
  const { postAsTab, tabB } = await twoTabs(cleanups)
  postAsTab({ t: 'event', name: 'x'.repeat(2 * 1024 * 1024), data: '{"v":1}' })
  await vi.waitFor(() => expect(tabB.status.getState().dropped).toBe(1))
})

it('accepts a relayed event whose data is at the 64 KiB limit', async () => {
  const { postAsTab, tabB } = await twoTabs(cleanups)
  const body = JSON.stringify({ v: 1, keys: [['b']] })
  const data = body.slice(0, -1) + `,"pad":"${'p'.repeat(64 * 1024 - body.length - 9)}"}`
  expect(new TextEncoder().encode(data).byteLength).toBe(64 * 1024)
  postAsTab({ t: 'event', name: 'invalidate', data, id: 'i'.repeat(1024) })
  await vi.waitFor(() => expect(tabB.status.getState().received).toBe(1))
  expect(tabB.status.getState()).toMatchObject({ dropped: 0, lastEventId: 'i'.repeat(1024) })
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
  [
    'an invalidation in the shape the stream channel no longer carries (syncTabs does)',
    { t: 'inv', inv: { keys: [['b']] } },
  ],
])('drops and counts %s as a payload', async (_, payload) => {
  const { postAsTab, tabB } = await twoTabs(cleanups)
  postAsTab(payload)
  await vi.waitFor(() => expect(tabB.status.getState().dropped).toBe(1))
})

it('counts every message of a flood of junk and keeps taking valid ones', async () => {
  const { postAsTab, tabB } = await twoTabs(cleanups)
  for (let i = 0; i < 5000; i++) postAsTab({ t: 'junk', i })
  postAsTab({ t: 'event', name: 'invalidate', data: '{"v":1,"keys":[["b"]]}' })
  await vi.waitFor(() => expect(tabB.status.getState().received).toBe(1))
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
