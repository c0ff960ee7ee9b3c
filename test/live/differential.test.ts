// @vitest-environment node
// Differential: a stream `invalidate` event must mark and refetch exactly what TanStack's own
// `invalidateQueries` marks and refetches for the same filter, over a cache holding every kind of query
// (active, disabled, inactive, never fetched, static, errored), for each `refetch` type and `exact`.
import { QueryClient, QueryObserver } from '@tanstack/react-query'
import type { QueryKey } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { closeStreams, connectToFakeEndpoint, hello, sse, tick } from './helpers'

afterEach(closeStreams)

const unsubscribes: Array<() => void> = []
afterEach(() => unsubscribes.splice(0).forEach((unsubscribe) => unsubscribe()))

/** The same cache, built twice: each query's fetches are counted under its name. */
async function buildCache() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } })
  const fetches = new Map<string, number>()
  const queryFn =
    (name: string, fail = false) =>
    async () => {
      fetches.set(name, (fetches.get(name) ?? 0) + 1)
      if (fail) throw new Error('nope')
      return name
    }
  const observe = (queryKey: QueryKey, name: string, options: Record<string, unknown> = {}) => {
    const observer = new QueryObserver(client, { queryKey, queryFn: queryFn(name), ...options })
    unsubscribes.push(observer.subscribe(() => {}))
  }
  observe(['k', 'active'], 'active')
  observe(['k', 'disabled'], 'disabled', { enabled: false })
  observe(['k', 'static'], 'static', { staleTime: 'static' })
  observe(['k'], 'exact-root')
  await client.prefetchQuery({ queryKey: ['k', 'inactive'], queryFn: queryFn('inactive') })
  await client.prefetchQuery({ queryKey: ['k', 'errored'], queryFn: queryFn('errored', true) })
  client.getQueryCache().build(client, { queryKey: ['k', 'never-fetched'], queryFn: queryFn('never-fetched') })
  observe(['other'], 'other')
  await vi.waitFor(() => expect(client.isFetching()).toBe(0))
  fetches.clear()
  return { client, fetches }
}

function snapshot(client: QueryClient, fetches: Map<string, number>) {
  const invalidated = client
    .getQueryCache()
    .getAll()
    .filter((query) => query.state.isInvalidated)
    .map((query) => query.queryHash)
    .sort()
  return { invalidated, fetched: [...fetches.keys()].sort() }
}

describe.each(['active', 'all', 'none'] as const)('refetch: %s', (refetch) => {
  it.each([false, true])('invalidates and refetches what invalidateQueries does (exact: %s)', async (exact) => {
    const reference = await buildCache()
    await reference.client.invalidateQueries({ queryKey: ['k'], exact, refetchType: refetch })
    await vi.waitFor(() => expect(reference.client.isFetching()).toBe(0))

    const ours = await buildCache()
    const { endpoint } = connectToFakeEndpoint(ours.client)
    ;(await endpoint.connection(1)).push(hello() + sse('invalidate', { v: 1, keys: [['k']], exact, refetch }))
    await tick()
    await tick()
    await vi.waitFor(() => expect(ours.client.isFetching()).toBe(0))

    expect(snapshot(ours.client, ours.fetches)).toEqual(snapshot(reference.client, reference.fetches))
  })
})
