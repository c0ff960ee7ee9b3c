// What a stream's tabs share through syncTabs: a mutation in one tab is one pass in the others, and the
// leader's stream passes reach the followers with the stream's storm protection.
import { act, renderHook, waitFor } from '@testing-library/react'
import type { QueryClient } from '@tanstack/react-query'
import { afterEach, expect, it } from 'vitest'
import { defineMutation } from '../../src/index'
import { providerFor } from '../helpers/createTestClient'
import { watchedQuery } from '../helpers/syncedTabs'
import { hello, seededClient, sse } from './helpers'
import { tabHarness, twoTabs } from './tabHarness'

const cleanups: Array<() => void> = []

afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup())
})

async function mutate(client: QueryClient, invalidates: Parameters<typeof defineMutation>[0]['invalidates']) {
  const useSave = defineMutation({ mutationFn: async (input: string) => input, invalidates })
  const { result } = renderHook(() => useSave(), { wrapper: providerFor(client) })
  await act(() => result.current.mutateAsync('x'))
}

it('makes a follower tab fetch a query once when a mutation reaches it by its key and by a tag', async () => {
  const { clientA, clientB } = await twoTabs(cleanups)
  const inB = watchedQuery(cleanups, clientB, ['items', 'list'], { tags: ['item:1'], ms: 20 })
  await waitFor(() => expect(inB.fetches).toBe(1))
  await waitFor(() => expect(clientB.isFetching()).toBe(0))

  await mutate(clientA, [['items', 'list'], { tag: 'item:1' }])
  await waitFor(() => expect(inB.fetches).toBe(2))
  await new Promise((resolve) => setTimeout(resolve, 50))
  await waitFor(() => expect(clientB.isFetching()).toBe(0))

  expect(inB.fetches).toBe(2)
})

it("never cancels a follower's fetch in flight for the leader's stream event: it refetches once that fetch settles", async () => {
  const { endpoint, clientB } = await twoTabs(cleanups)
  clientB.setQueryData(['shared'], 0)
  const aborted: Array<AbortSignal> = []
  const inB = watchedQuery(cleanups, clientB, ['shared'], { ms: 40, onSignal: (signal) => aborted.push(signal) })
  void clientB.refetchQueries({ queryKey: ['shared'] })
  ;(await endpoint.connection(1)).push(hello() + sse('invalidate', { v: 1, keys: [['shared']] }, '1'))
  await waitFor(() => expect(inB.fetches).toBe(2))
  await waitFor(() => expect(clientB.isFetching()).toBe(0))
  expect(aborted.map((signal) => signal.aborted)).toEqual([false, false])
})

it('fetches a query once in tabs that each connect themselves (solo) when they hear the same event', async () => {
  const { endpoint, open } = tabHarness(cleanups)
  const [clientA, clientB] = [seededClient([]), seededClient([])]
  const tabs = [open(clientA, { locks: undefined }), open(clientB, { locks: undefined })]
  expect(tabs.map((tab) => tab.status.getState().role)).toEqual(['solo', 'solo'])
  const inA = watchedQuery(cleanups, clientA, ['shared'])
  const inB = watchedQuery(cleanups, clientB, ['shared'])
  await waitFor(() => expect(clientA.isFetching() + clientB.isFetching()).toBe(0))
  const event = hello() + sse('invalidate', { v: 1, keys: [['shared']] }, '1')
  ;(await endpoint.connection(1)).push(event)
  ;(await endpoint.connection(2)).push(event)
  await waitFor(() => expect([inA.fetches, inB.fetches]).toEqual([2, 2]))
  await new Promise((resolve) => setTimeout(resolve, 50))
  await waitFor(() => expect(clientA.isFetching() + clientB.isFetching()).toBe(0))
  expect([inA.fetches, inB.fetches]).toEqual([2, 2])
})
