// Another tab is a trust boundary: a message of any shape or size, and floods of them, are dropped and
// counted or coalesced; nothing reaches the cache unless it passes the bounds of a stream event, and
// nothing already cached is lost.
import fc from 'fast-check'
import { afterEach, expect, it, vi } from 'vitest'
import { parseTabPass } from '../src/tabs/tabPass'
import { isInvalidated, syncedTabs, watchedQuery } from './helpers/syncedTabs'

const cleanups: Array<() => void> = []

afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup())
})

const pass = (request: Array<unknown>, origin = 'mutation') => ({ origin, request })
const keyTarget = (key: unknown, refetch = 'active') => ({ key, exact: false, refetch })
const keysOfSize = (count: number, length: number) =>
  Array.from({ length: count }, (_, i) => keyTarget([`${i}`.padEnd(length, 'k')]))

function seeded() {
  const tabs = syncedTabs(cleanups)
  tabs.clientB.setQueryData(['b'], 'kept')
  return tabs
}

it('drops and counts a pass over 64 KiB, though within the key count', async () => {
  const { postAsTab, stopB, clientB } = seeded()
  postAsTab(pass([keyTarget(['b']), ...keysOfSize(999, 100)]))
  await vi.waitFor(() => expect(stopB.dropped()).toBe(1))
  expect(isInvalidated(clientB, ['b'])).toBe(false)
  expect(clientB.getQueryData(['b'])).toBe('kept')
})

it.each([
  ['more than 1,000 keys', Array.from({ length: 1001 }, (_, i) => keyTarget([i]))],
  ['more than 1,000 tags', Array.from({ length: 1001 }, (_, i) => ({ tag: `t${i}`, refetch: 'active' }))],
  ['a key nested deeper than 16', [keyTarget([JSON.parse('['.repeat(17) + '1' + ']'.repeat(17))])]],
  ['a key with a forbidden property', [keyTarget([JSON.parse('{"__proto__":{"polluted":true}}')])]],
  ['a key with a non-finite number', [keyTarget([Number.NaN])]],
  ['a key that is not an array', [keyTarget('b')]],
  ['an empty tag', [{ tag: '', refetch: 'active' }]],
  ['a tag longer than 256', [{ tag: 't'.repeat(257), refetch: 'active' }]],
  ['an unknown refetch scope', [keyTarget(['b'], 'everything')]],
  ['a key target without exact', [{ key: ['b'], refetch: 'active' }]],
  ['a target of no known kind', [{ refetch: 'active' }]],
  ['no target at all', []],
])('drops and counts a pass with %s, applying none of it', async (_, request) => {
  const { postAsTab, stopB, clientB } = seeded()
  postAsTab(pass([keyTarget(['b']), ...request].slice(request.length > 0 ? 0 : 1)))
  await vi.waitFor(() => expect(stopB.dropped()).toBe(1))
  expect(isInvalidated(clientB, ['b'])).toBe(false)
})

it.each([
  ['a number', 7],
  ['null', null],
  ['an array', [1, 2]],
  ['a Map', new Map([['origin', 'mutation']])],
  ['a Date', new Date(0)],
  ['an ArrayBuffer of 1 MiB', new ArrayBuffer(1024 * 1024)],
  ['a pass from an unknown origin', pass([keyTarget(['b'])], 'server')],
  ['a pass claiming to come from a tab', pass([keyTarget(['b'])], 'tab')],
  ['a request that is not an array', { origin: 'mutation', request: { key: ['b'] } }],
  ['a pass dated by a string', { ...pass([keyTarget(['b'])]), at: 'now' }],
  ['a pass dated at infinity', { ...pass([keyTarget(['b'])]), at: Number.POSITIVE_INFINITY }],
])('drops and counts %s as a payload', async (_, payload) => {
  const { postAsTab, stopB, clientB } = seeded()
  postAsTab(payload)
  await vi.waitFor(() => expect(stopB.dropped()).toBe(1))
  expect(isInvalidated(clientB, ['b'])).toBe(false)
})

it('reads a pass dated in the future as posted now', () => {
  const parsed = parseTabPass({ ...pass([keyTarget(['b'])]), at: Date.now() + 60_000 })
  expect(parsed?.at).toBeLessThanOrEqual(Date.now())
})

it('drops a cyclic pass without walking it forever', async () => {
  const { postAsTab, stopB } = seeded()
  const key: Array<unknown> = ['b']
  key.push(key)
  postAsTab(pass([keyTarget(key)]))
  await vi.waitFor(() => expect(stopB.dropped()).toBe(1))
})

it('drops messages in another envelope or version, and ignores another kind on the same channel', async () => {
  const { raw, stopB } = seeded()
  raw.postMessage({ rqt: 0, kind: 'invalidations', payload: pass([keyTarget(['b'])]) })
  raw.postMessage('a string')
  raw.postMessage({ rqt: 1, kind: 'live', payload: { t: 'sync' } })
  await vi.waitFor(() => expect(stopB.dropped()).toBe(2))
})

it('counts every message of a flood of junk and keeps applying valid ones', async () => {
  const { postAsTab, stopB, clientB } = seeded()
  for (let i = 0; i < 5000; i++) postAsTab({ junk: i })
  postAsTab(pass([keyTarget(['b'])]))
  await vi.waitFor(() => expect(isInvalidated(clientB, ['b'])).toBe(true))
  expect(stopB.dropped()).toBe(5000)
  expect(clientB.getQueryData(['b'])).toBe('kept')
})

it('refetches a query twice, not once per message, for a flood of 200 passes from a tab', async () => {
  const { postAsTab, clientB } = seeded()
  const inB = watchedQuery(cleanups, clientB, ['shared'], { ms: 20 })
  await vi.waitFor(() => expect(clientB.isFetching()).toBe(0))
  inB.fetches = 0
  for (let i = 0; i < 200; i++) postAsTab(pass([keyTarget(['shared'])]))
  await vi.waitFor(() => expect(inB.fetches).toBeGreaterThan(0))
  await new Promise((resolve) => setTimeout(resolve, 40))
  await vi.waitFor(() => expect(clientB.isFetching()).toBe(0))
  expect(inB.fetches).toBeLessThanOrEqual(2)
})

it('applies every distinct pass of a burst from a tab', async () => {
  const { postAsTab, clientB } = seeded()
  clientB.setQueryData(['shared'], 1)
  postAsTab(pass([{ key: ['b'], exact: true, refetch: 'none' }]))
  postAsTab(pass([keyTarget(['shared'])], 'stream'))
  postAsTab(pass([{ all: true, refetch: 'none' }], 'manual'))
  await vi.waitFor(() => expect(isInvalidated(clientB, ['b']) && isInvalidated(clientB, ['shared'])).toBe(true))
})

it('never throws on a payload of any shape, and passes on only valid targets', () => {
  fc.assert(
    fc.property(fc.anything({ withMap: true, withSet: true, withDate: true, withTypedArray: true }), (payload) => {
      const parsed = parseTabPass(payload)
      if (parsed === undefined) return
      expect(parsed.request.length).toBeGreaterThan(0)
      expect(['mutation', 'stream', 'manual']).toContain(parsed.origin)
    }),
  )
  fc.assert(
    fc.property(
      fc.record({ origin: fc.constantFrom('mutation', 'stream', 'manual'), request: fc.array(fc.anything()) }),
      (payload) => {
        parseTabPass(payload)
      },
    ),
  )
})

it("drops and counts a key this tab's queryKeyHashFn cannot hash, and applies the rest of the pass", async () => {
  const { postAsTab, stopB, clientB } = seeded()
  clientB.setQueryDefaults(['custom'], {
    queryKeyHashFn: (key) => {
      if (key[0] === 'boom') throw new Error('cannot hash')
      return JSON.stringify(key)
    },
  })
  clientB.setQueryData(['custom'], 1)
  postAsTab(
    pass([
      { key: ['boom'], exact: true, refetch: 'active' },
      { key: ['b'], exact: true, refetch: 'active' },
    ]),
  )
  await vi.waitFor(() => expect(isInvalidated(clientB, ['b'])).toBe(true))
  expect(stopB.dropped()).toBe(1)
  expect(clientB.getQueryData(['custom'])).toBe(1)
})
