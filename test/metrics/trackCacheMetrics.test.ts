import { QueryObserver } from '@tanstack/react-query'
import type { QueryClient, QueryKey, QueryObserverOptions } from '@tanstack/react-query'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineMutation } from '../../src/defineMutation'
import { invalidateKeys } from '../../src/invalidateKeys'
import { invalidateTags } from '../../src/invalidateTags'
import { emitInvalidation } from '../../src/internal/invalidationEvents'
import { getCacheMetrics } from '../../src/metrics/getCacheMetrics'
import { resetCacheMetrics } from '../../src/metrics/resetCacheMetrics'
import { trackCacheMetrics } from '../../src/metrics/trackCacheMetrics'
import { createTestClient, deferred } from '../helpers/createTestClient'
import { uniqueKey } from '../helpers/uniqueKey'

let client: QueryClient
let stops: Array<() => void>

beforeEach(() => {
  client = createTestClient()
  stops = [trackCacheMetrics(client)]
})

afterEach(() => {
  for (const stop of stops) stop()
  client.clear()
  vi.useRealTimers()
})

/** Mounts an observer (as `useQuery` does) and returns its unsubscribe. */
function mount(options: Partial<QueryObserverOptions> & { queryKey: QueryKey }): () => void {
  const observer = new QueryObserver(client, { queryFn: () => 'fresh', ...options })
  const unsubscribe = observer.subscribe(() => {})
  stops.push(unsubscribe)
  return unsubscribe
}

const lookups = () => {
  const { hits, staleHits, misses } = getCacheMetrics(client)
  return { hits, staleHits, misses }
}

describe('lookup classification', () => {
  it('counts a miss when an observer finds no data', () => {
    mount({ queryKey: [uniqueKey()] })
    expect(lookups()).toEqual({ hits: 0, staleHits: 0, misses: 1 })
  })

  it('counts a hit when an observer finds fresh data', () => {
    const queryKey = [uniqueKey()]
    client.setQueryData(queryKey, 'cached')
    mount({ queryKey, staleTime: 60_000 })
    expect(lookups()).toEqual({ hits: 1, staleHits: 0, misses: 0 })
  })

  it('counts a stale hit when an observer finds stale data', () => {
    const queryKey = [uniqueKey()]
    client.setQueryData(queryKey, 'cached')
    mount({ queryKey, staleTime: 0 })
    expect(lookups()).toEqual({ hits: 0, staleHits: 1, misses: 0 })
  })

  it('counts a stale hit when the fresh data was invalidated', async () => {
    const queryKey = [uniqueKey()]
    client.setQueryData(queryKey, 'cached')
    await client.invalidateQueries({ queryKey, refetchType: 'none' })
    mount({ queryKey, staleTime: 60_000 })
    expect(lookups()).toEqual({ hits: 0, staleHits: 1, misses: 0 })
  })

  it('counts each of several observers of one query', () => {
    const queryKey = [uniqueKey()]
    mount({ queryKey })
    mount({ queryKey })
    expect(lookups()).toEqual({ hits: 0, staleHits: 0, misses: 2 })
  })

  it('counts an observer that resubscribes in the same task (StrictMode) once', () => {
    const observer = new QueryObserver(client, { queryKey: [uniqueKey()], queryFn: () => 'x' })
    observer.subscribe(() => {})()
    stops.push(observer.subscribe(() => {}))
    expect(lookups()).toEqual({ hits: 0, staleHits: 0, misses: 1 })
  })

  it('counts an observer that subscribes again in a later task as a new lookup', async () => {
    const queryKey = [uniqueKey()]
    client.setQueryData(queryKey, 'cached')
    const observer = new QueryObserver(client, { queryKey, queryFn: () => 'x', staleTime: 60_000 })
    observer.subscribe(() => {})()
    await Promise.resolve()
    stops.push(observer.subscribe(() => {}))
    expect(lookups()).toEqual({ hits: 2, staleHits: 0, misses: 0 })
  })

  it('does not count a disabled observer', () => {
    mount({ queryKey: [uniqueKey()], enabled: false })
    expect(lookups()).toEqual({ hits: 0, staleHits: 0, misses: 0 })
  })

  it('counts an observer that changes to a key with no data as a miss', () => {
    const observer = new QueryObserver(client, { queryKey: [uniqueKey()], queryFn: () => 'x' })
    stops.push(observer.subscribe(() => {}))
    observer.setOptions({ queryKey: [uniqueKey()], queryFn: () => 'y' })
    expect(lookups()).toEqual({ hits: 0, staleHits: 0, misses: 2 })
  })

  // Each case: cached data or not, observer options, what TanStack does on mount.
  const cases: Array<[string, boolean, Partial<QueryObserverOptions>, 'hits' | 'staleHits' | 'misses' | undefined]> = [
    ['no data', false, {}, 'misses'],
    ['fresh data', true, { staleTime: 60_000 }, 'hits'],
    ['stale data', true, { staleTime: 0 }, 'staleHits'],
    ['stale data, refetchOnMount false', true, { staleTime: 0, refetchOnMount: false }, 'hits'],
    ['fresh data, refetchOnMount always', true, { staleTime: 60_000, refetchOnMount: 'always' }, 'staleHits'],
    [
      'data with staleTime static and refetchOnMount always',
      true,
      { staleTime: 'static', refetchOnMount: 'always' },
      'hits',
    ],
    ['staleTime as a function', true, { staleTime: () => 60_000 }, 'hits'],
    ['refetchOnMount as a function', true, { staleTime: 0, refetchOnMount: () => false }, 'hits'],
    ['enabled as a function returning false', true, { enabled: () => false }, undefined],
    ['no data, disabled', false, { enabled: false }, undefined],
  ]

  it.each(cases)('classifies %s exactly as TanStack fetches on mount', (_name, cached, options, expected) => {
    const queryKey = [uniqueKey()]
    if (cached) client.setQueryData(queryKey, 'cached')
    const fetchesBefore = getCacheMetrics(client).fetches
    mount({ queryKey, ...options })
    const fetched = getCacheMetrics(client).fetches > fetchesBefore
    const counted = Object.entries(lookups()).find(([, count]) => count > 0)?.[0]
    expect(counted).toBe(expected)
    expect(fetched).toBe(expected === 'staleHits' || expected === 'misses')
  })

  it('does not count a failed query with retryOnMount false as a lookup', async () => {
    const queryKey = [uniqueKey()]
    await client.prefetchQuery({ queryKey, queryFn: () => Promise.reject(new Error('down')) })
    mount({ queryKey, retryOnMount: false })
    expect(lookups()).toEqual({ hits: 0, staleHits: 0, misses: 0 })
  })
})

describe('scopes and tiers', () => {
  it('counts lookups per first key segment', () => {
    const projects = uniqueKey('projects')
    const users = uniqueKey('users')
    client.setQueryData([projects, 'list'], [])
    mount({ queryKey: [projects, 'list'], staleTime: 60_000 })
    mount({ queryKey: [projects, 'detail', 'p1'] })
    mount({ queryKey: [users, 'me'] })
    const { scopes } = getCacheMetrics(client)
    expect(scopes[projects]).toEqual({ hits: 1, staleHits: 0, misses: 1 })
    expect(scopes[users]).toEqual({ hits: 0, staleHits: 0, misses: 1 })
  })

  it('names a scope that is not a string by its JSON', () => {
    mount({ queryKey: [{ entity: 'projects' }, 'list'] })
    expect(getCacheMetrics(client).scopes['{"entity":"projects"}']).toEqual({ hits: 0, staleHits: 0, misses: 1 })
  })

  it('counts lookups per tier, with untiered queries apart', () => {
    mount({ queryKey: [uniqueKey()], meta: { tier: 'critical', persist: true } })
    mount({ queryKey: [uniqueKey()], meta: { tier: 'critical', persist: true } })
    mount({ queryKey: [uniqueKey()] })
    const { tiers } = getCacheMetrics(client)
    expect(tiers.critical).toEqual({ hits: 0, staleHits: 0, misses: 2 })
    expect(tiers.untiered).toEqual({ hits: 0, staleHits: 0, misses: 1 })
  })
})

describe('fetches and errors', () => {
  it('counts every fetch, from observers and from the client', async () => {
    const queryKey = [uniqueKey()]
    await client.fetchQuery({ queryKey, queryFn: () => 1 })
    await client.refetchQueries({ queryKey })
    expect(getCacheMetrics(client).fetches).toBe(2)
  })

  it('counts a fetch joined while one is in flight once', async () => {
    const queryKey = [uniqueKey()]
    const gate = deferred<number>()
    const first = client.fetchQuery({ queryKey, queryFn: () => gate.promise })
    const second = client.fetchQuery({ queryKey, queryFn: () => gate.promise })
    gate.resolve(1)
    await Promise.all([first, second])
    expect(getCacheMetrics(client).fetches).toBe(1)
  })

  it('counts a failed fetch as an error', async () => {
    await client.prefetchQuery({ queryKey: [uniqueKey()], queryFn: () => Promise.reject(new Error('down')) })
    expect(getCacheMetrics(client)).toMatchObject({ fetches: 1, errors: 1 })
  })

  it('does not count a cancelled fetch as an error', async () => {
    const queryKey = [uniqueKey()]
    client.setQueryData(queryKey, 'cached')
    const fetching = client.fetchQuery({ queryKey, queryFn: () => new Promise<string>(() => {}) })
    await client.cancelQueries({ queryKey })
    await fetching
    expect(getCacheMetrics(client)).toMatchObject({ fetches: 1, errors: 0 })
  })

  it('does not count setQueryData as a fetch', () => {
    client.setQueryData([uniqueKey()], 1)
    expect(getCacheMetrics(client).fetches).toBe(0)
  })
})

describe('latency', () => {
  const timedFetch = (ms: number) =>
    client.prefetchQuery({
      queryKey: [uniqueKey()],
      queryFn: () => new Promise((resolve) => setTimeout(() => resolve(ms), ms)),
    })

  it('is undefined before any fetch settles', () => {
    expect(getCacheMetrics(client).latency).toEqual({ p50: undefined, p95: undefined, count: 0 })
  })

  it('reports the p50 and p95 of fetch durations', async () => {
    vi.useFakeTimers()
    for (let ms = 1; ms <= 100; ms++) {
      const done = timedFetch(ms)
      await vi.advanceTimersByTimeAsync(ms)
      await done
    }
    expect(getCacheMetrics(client).latency).toEqual({ p50: 50, p95: 95, count: 100 })
  })

  it('measures failed fetches too', async () => {
    vi.useFakeTimers()
    const done = client.prefetchQuery({
      queryKey: [uniqueKey()],
      queryFn: () => new Promise((_, reject) => setTimeout(() => reject(new Error('slow failure')), 40)),
    })
    await vi.advanceTimersByTimeAsync(40)
    await done
    expect(getCacheMetrics(client).latency).toEqual({ p50: 40, p95: 40, count: 1 })
  })

  it('keeps only the last 256 durations', async () => {
    vi.useFakeTimers()
    for (const ms of [...Array<number>(256).fill(1000), ...Array<number>(256).fill(10)]) {
      const done = timedFetch(ms)
      await vi.advanceTimersByTimeAsync(ms)
      await done
    }
    expect(getCacheMetrics(client).latency).toEqual({ p50: 10, p95: 10, count: 512 })
  })

  it('does not time a cancelled fetch that reverted', async () => {
    const queryKey = [uniqueKey()]
    client.setQueryData(queryKey, 'cached')
    const fetching = client.fetchQuery({ queryKey, queryFn: () => new Promise<string>(() => {}) })
    await client.cancelQueries({ queryKey })
    await fetching
    expect(getCacheMetrics(client).latency.count).toBe(0)
  })
})

describe('invalidations and mutations', () => {
  it('counts invalidations by source', async () => {
    client.setQueryData(['projects', 'list'], [])
    await invalidateKeys(client, [['projects']], { source: 'stream', refetch: 'none' })
    await invalidateKeys(client, [['projects']], { refetch: 'none' })
    await invalidateTags(client, ['project:p1'], { source: 'mutation', refetch: 'none' })
    emitInvalidation(client, { source: 'tab', request: [{ all: true, refetch: 'none' }], matched: 0 })
    expect(getCacheMetrics(client).invalidations).toEqual({ mutation: 1, stream: 1, tab: 1, manual: 1 })
  })

  it("does not count a pass that only announces a mutation's writes to other tabs", async () => {
    const useRename = defineMutation({
      mutationFn: async (name: string) => ({ name }),
      writes: (project) => [[['project', 'p1'], project]],
    })
    await client.getMutationCache().build(client, useRename.options()).execute('Renamed')
    expect(getCacheMetrics(client).invalidations.mutation).toBe(0)
  })

  it('counts mutations and failed mutations', async () => {
    const cache = client.getMutationCache()
    await cache.build(client, { mutationFn: async () => 1 }).execute(undefined)
    await expect(
      cache.build(client, { mutationFn: () => Promise.reject(new Error('no')) }).execute(undefined),
    ).rejects.toThrow()
    expect(getCacheMetrics(client)).toMatchObject({ mutations: 2, mutationErrors: 1 })
  })

  it('counts a mutation whose onMutate returns a context once', async () => {
    await client
      .getMutationCache()
      .build(client, { mutationFn: async () => 1, onMutate: () => ({ rollback: 'context' }) })
      .execute(undefined)
    expect(getCacheMetrics(client).mutations).toBe(1)
  })
})

describe('tracking lifecycle', () => {
  it('reads zeros for a client that was never tracked', () => {
    expect(getCacheMetrics(createTestClient())).toMatchObject({
      hits: 0,
      staleHits: 0,
      misses: 0,
      fetches: 0,
      scopes: {},
    })
  })

  it('counts once when tracking was started twice', () => {
    stops.push(trackCacheMetrics(client))
    mount({ queryKey: [uniqueKey()] })
    expect(getCacheMetrics(client).misses).toBe(1)
  })

  it('keeps counting until every tracker stopped', () => {
    const second = trackCacheMetrics(client)
    stops[0]!()
    mount({ queryKey: [uniqueKey()] })
    second()
    second()
    mount({ queryKey: [uniqueKey()] })
    expect(getCacheMetrics(client).misses).toBe(1)
  })

  it('publishes to store listeners after the cache event, once per batch', async () => {
    const { metricsEntry, subscribe } = await import('../../src/metrics/internal/metricsEntry')
    const entry = metricsEntry(client)
    const published: Array<number> = []
    stops.push(subscribe(entry, () => published.push(entry.snapshot.misses)))
    mount({ queryKey: [uniqueKey()] })
    mount({ queryKey: [uniqueKey()] })
    expect(published).toEqual([])
    await vi.waitFor(() => expect(published).toEqual([2]))
  })

  it('resets every counter', () => {
    mount({ queryKey: [uniqueKey()] })
    resetCacheMetrics(client)
    expect(getCacheMetrics(client)).toMatchObject({ misses: 0, fetches: 0, scopes: {}, tiers: {} })
  })
})
