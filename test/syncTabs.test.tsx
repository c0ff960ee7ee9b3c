// syncTabs: every invalidation pass of one tab reaches the app's other tabs as one message, applied
// there as one pass, with or without a stream.
import { QueryClient } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import { afterEach, expect, it, vi } from 'vitest'
import { defineMutation, invalidateKeys, invalidateTags, syncTabs } from '../src/index'
import { subscribeInvalidations } from '../src/internal/invalidationEvents'
import type { InvalidationRecord } from '../src/internal/invalidationEvents'
import { providerFor } from './helpers/createTestClient'
import { crossing, isInvalidated, syncedTabs, watchedQuery } from './helpers/syncedTabs'

const cleanups: Array<() => void> = []

afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup())
  vi.unstubAllGlobals()
})

function records(client: QueryClient) {
  const list: Array<InvalidationRecord> = []
  cleanups.push(subscribeInvalidations(client, (record) => list.push(record)))
  return list
}

async function mutate(client: QueryClient, invalidates: Parameters<typeof defineMutation>[0]['invalidates']) {
  const useSave = defineMutation({ mutationFn: async (input: string) => input, invalidates })
  const { result } = renderHook(() => useSave(), { wrapper: providerFor(client) })
  await act(() => result.current.mutateAsync('x'))
}

it('makes another tab fetch a query once when a mutation reaches it by its key and by a tag', async () => {
  const { clientA, clientB } = syncedTabs(cleanups)
  const inB = watchedQuery(cleanups, clientB, ['items', 'list'], { tags: ['item:1'], ms: 20 })
  await waitFor(() => expect(inB.fetches).toBe(1))
  await waitFor(() => expect(clientB.isFetching()).toBe(0))

  await mutate(clientA, [['items', 'list'], { tag: 'item:1' }])
  await waitFor(() => expect(inB.fetches).toBe(2))
  await crossing()
  await waitFor(() => expect(clientB.isFetching()).toBe(0))

  expect(inB.fetches).toBe(2)
})

it('sends mutation invalidations to another tab with no stream connected', async () => {
  const { clientA, clientB } = syncedTabs(cleanups)
  clientB.setQueryData(['items', 'list'], [])
  clientB.setQueryData(['other'], 1)
  await mutate(clientA, [['items']])
  await waitFor(() => expect(isInvalidated(clientB, ['items', 'list'])).toBe(true))
  expect(isInvalidated(clientB, ['other'])).toBe(false)
})

it('sends a manual invalidateKeys to another tab, which applies it as one tab pass', async () => {
  const { clientA, clientB } = syncedTabs(cleanups)
  clientB.setQueryData(['projects', 'p1'], {})
  const seenByB = records(clientB)
  await invalidateKeys(clientA, [['projects']], { refetch: 'none' })
  await waitFor(() => expect(seenByB).toHaveLength(1))
  expect(seenByB[0]).toEqual({
    source: 'tab',
    request: [{ key: ['projects'], exact: false, refetch: 'none' }],
    matched: 1,
  })
  expect(isInvalidated(clientB, ['projects', 'p1'])).toBe(true)
})

it('sends a stream pass to the other tabs too', async () => {
  const { clientA, clientB } = syncedTabs(cleanups)
  clientB.setQueryData(['feed'], [])
  await invalidateTags(clientA, ['t'], { source: 'stream' })
  await invalidateKeys(clientA, [['feed']], { source: 'stream', refetch: 'none' })
  await waitFor(() => expect(isInvalidated(clientB, ['feed'])).toBe(true))
})

it('does not send back a pass that came from another tab', async () => {
  const { clientA, clientB } = syncedTabs(cleanups)
  clientA.setQueryData(['k'], 1)
  clientB.setQueryData(['k'], 1)
  const seenByA = records(clientA)
  await invalidateKeys(clientA, [['k']], { refetch: 'none' })
  await waitFor(() => expect(isInvalidated(clientB, ['k'])).toBe(true))
  await crossing()
  expect(seenByA.map((record) => record.source)).toEqual(['manual'])
})

it('posts nothing for a pass whose keys cannot cross, and leaves such keys out of a pass that has others', async () => {
  const { clientA, clientB, raw } = syncedTabs(cleanups)
  const posted: Array<unknown> = []
  raw.onmessage = (event: MessageEvent<{ payload: unknown }>) => posted.push(event.data.payload)
  clientB.setQueryData(['plain'], 1)
  await invalidateKeys(
    clientA,
    [
      ['fn', () => 1],
      ['when', new Date(0)],
    ],
    { refetch: 'none' },
  )
  await invalidateKeys(clientA, [['fn', () => 1], ['plain']], { refetch: 'none' })
  await waitFor(() => expect(isInvalidated(clientB, ['plain'])).toBe(true))
  expect(posted).toEqual([
    { origin: 'manual', request: [{ key: ['plain'], exact: false, refetch: 'none' }], at: expect.any(Number) },
  ])
})

it('sends a pass over the bounds as an invalidation of everything, refetched as widely', async () => {
  const { clientA, raw } = syncedTabs(cleanups)
  const posted: Array<unknown> = []
  raw.onmessage = (event: MessageEvent<{ payload: unknown }>) => posted.push(event.data.payload)
  const keys = Array.from({ length: 1001 }, (_, i) => ['k', i])
  await invalidateKeys(clientA, keys, { refetch: 'inactive' })
  await waitFor(() => expect(posted).toHaveLength(1))
  expect(posted[0]).toEqual({ origin: 'manual', request: [{ all: true, refetch: 'inactive' }], at: expect.any(Number) })
})

it('sends a pass over 64 KiB as an invalidation of everything, though within the key count', async () => {
  const { clientA, raw } = syncedTabs(cleanups)
  const posted: Array<unknown> = []
  raw.onmessage = (event: MessageEvent<{ payload: unknown }>) => posted.push(event.data.payload)
  await invalidateKeys(
    clientA,
    Array.from({ length: 999 }, (_, i) => [`${i}`.padEnd(100, 'k')]),
    { source: 'mutation' },
  )
  await waitFor(() => expect(posted).toHaveLength(1))
  expect(posted[0]).toEqual({ origin: 'mutation', request: [{ all: true, refetch: 'active' }], at: expect.any(Number) })
})

it('stops both ways on stop()', async () => {
  const { clientA, clientB, stopB, postAsTab } = syncedTabs(cleanups)
  clientA.setQueryData(['fromB'], 1)
  clientB.setQueryData(['k'], 1)
  stopB()
  await invalidateKeys(clientA, [['k']], { refetch: 'none' })
  postAsTab({ origin: 'manual', request: [{ key: ['k'], exact: false, refetch: 'none' }] })
  await invalidateKeys(clientB, [['fromB']], { refetch: 'none' })
  await crossing()
  expect(isInvalidated(clientB, ['k'])).toBe(false)
  expect(isInvalidated(clientA, ['fromB'])).toBe(false)
})

it('applies each message once when called twice for one client and channel, until both callers stop', async () => {
  const { clientA, clientB, sync } = syncedTabs(cleanups)
  clientB.setQueryData(['k'], 1)
  const again = sync(clientB)
  const seenByB = records(clientB)
  await invalidateKeys(clientA, [['k']], { refetch: 'none' })
  await waitFor(() => expect(seenByB).toHaveLength(1))
  await crossing()
  expect(seenByB).toHaveLength(1)
  again()
  await invalidateKeys(clientA, [['k']], { refetch: 'none' })
  await waitFor(() => expect(seenByB).toHaveLength(2))
})

it('refetches a mutation pass from another tab at once, cancelling a fetch in flight, as invalidateQueries does', async () => {
  const { clientA, clientB } = syncedTabs(cleanups)
  clientB.setQueryData(['k'], 0)
  const inB = watchedQuery(cleanups, clientB, ['k'], { ms: 50 })
  void clientB.refetchQueries({ queryKey: ['k'] })
  expect(inB.fetches).toBe(1)
  await invalidateKeys(clientA, [['k']])
  await waitFor(() => expect(inB.fetches).toBe(2))
  await waitFor(() => expect(clientB.getQueryData(['k'])).toBe(2))
})

it('refetches a stream pass from another tab with the stream scheduler: never while this tab is hidden', async () => {
  const { clientA, clientB } = syncedTabs(cleanups, { jitterMs: 0 })
  const inB = watchedQuery(cleanups, clientB, ['k'])
  await waitFor(() => expect(clientB.isFetching()).toBe(0))
  const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden')
  cleanups.push(() => visibility.mockRestore())
  await invalidateKeys(clientA, [['k']], { source: 'stream' })
  await waitFor(() => expect(isInvalidated(clientB, ['k'])).toBe(true))
  await crossing()
  expect(inB.fetches).toBe(1)
  visibility.mockReturnValue('visible')
  document.dispatchEvent(new Event('visibilitychange'))
  await waitFor(() => expect(inB.fetches).toBe(2))
})

it('does nothing without BroadcastChannel', async () => {
  vi.stubGlobal('BroadcastChannel', undefined)
  const client = new QueryClient()
  const stop = syncTabs(client)
  await invalidateKeys(client, [['k']])
  expect(stop.dropped()).toBe(0)
  expect(() => stop()).not.toThrow()
})

it("makes another tab refetch what a mutation's writes put in this tab, which does not refetch it", async () => {
  const { clientA, clientB } = syncedTabs(cleanups)
  const inA = watchedQuery(cleanups, clientA, ['items', 'detail', 1])
  const inB = watchedQuery(cleanups, clientB, ['items', 'detail', 1])
  await waitFor(() => expect([inA.fetches, inB.fetches]).toEqual([1, 1]))

  const useRename = defineMutation({
    mutationFn: async (name: string) => ({ name }),
    writes: (item) => [[['items', 'detail', 1], item]],
  })
  const { result } = renderHook(() => useRename(), { wrapper: providerFor(clientA) })
  await act(() => result.current.mutateAsync('renamed'))

  await waitFor(() => expect(inB.fetches).toBe(2))
  await crossing()
  expect(inA.fetches).toBe(1)
  expect(clientA.getQueryData(['items', 'detail', 1])).toEqual({ name: 'renamed' })
})
