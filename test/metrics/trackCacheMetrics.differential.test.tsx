// Differential tests: what the metrics count against what really happened in the same scenario
// (query function calls, components that had data when they first rendered, mutation functions
// called), with and without React's StrictMode double mount.
import { QueryClientProvider, useMutation, useQueries, useQuery, useSuspenseQuery } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import { act, render, screen } from '@testing-library/react'
import { StrictMode, Suspense, useEffect } from 'react'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createQueryKeys } from '../../src/createQueryKeys'
import { defineMutation } from '../../src/defineMutation'
import { getCacheMetrics } from '../../src/metrics/getCacheMetrics'
import { trackCacheMetrics } from '../../src/metrics/trackCacheMetrics'
import { createTestClient } from '../helpers/createTestClient'
import { uniqueKey } from '../helpers/uniqueKey'

let client: QueryClient
let stopTracking: () => void

/** What really happened, counted apart from the metrics. */
let truth: { queryFnCalls: number; mountedWithData: Set<string>; mountedWithout: Set<string>; mutationFnCalls: number }

beforeEach(() => {
  client = createTestClient()
  stopTracking = trackCacheMetrics(client)
  truth = { queryFnCalls: 0, mountedWithData: new Set(), mountedWithout: new Set(), mutationFnCalls: 0 }
})

afterEach(() => {
  stopTracking()
  client.clear()
})

function Reader({ id, queryKey, staleTime }: { id: string; queryKey: Array<string>; staleTime: number }) {
  const { data } = useQuery({
    queryKey,
    // Reading the signal makes TanStack cancel the fetch when the last observer leaves, as real apps do.
    queryFn: async ({ signal }) => {
      truth.queryFnCalls++
      await Promise.resolve()
      return signal.aborted ? 'aborted' : 'loaded'
    },
    staleTime,
  })
  // The first committed render: a lookup found data or not (a Set, since StrictMode runs effects twice).
  const hadData = data !== undefined
  useEffect(() => {
    ;(hadData ? truth.mountedWithData : truth.mountedWithout).add(id)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the first render's answer only
  }, [])
  return <p>{`${id}: ${data ?? 'loading'}`}</p>
}

const modes: Array<[string, (children: ReactNode) => ReactNode]> = [
  ['without StrictMode', (children) => children],
  ['under StrictMode', (children) => <StrictMode>{children}</StrictMode>],
]

const renderIn = (wrap: (children: ReactNode) => ReactNode, ui: ReactNode) =>
  render(wrap(<QueryClientProvider client={client}>{ui}</QueryClientProvider>))

describe.each(modes)('lookups and fetches %s', (_mode, wrap) => {
  it('counts one miss and as many fetches as query function calls when two components mount with no data', async () => {
    const queryKey = [uniqueKey()]
    renderIn(
      wrap,
      <>
        <Reader id="a" queryKey={queryKey} staleTime={60_000} />
        <Reader id="b" queryKey={queryKey} staleTime={60_000} />
      </>,
    )
    await screen.findByText('a: loaded')
    const metrics = getCacheMetrics(client)
    expect(metrics.misses).toBe(truth.mountedWithout.size)
    expect(metrics.hits + metrics.staleHits).toBe(truth.mountedWithData.size)
    expect(metrics.fetches).toBe(truth.queryFnCalls)
  })

  it('counts a hit and no fetch when a component finds fresh data', async () => {
    const queryKey = [uniqueKey()]
    client.setQueryData(queryKey, 'cached')
    renderIn(wrap, <Reader id="a" queryKey={queryKey} staleTime={60_000} />)
    await screen.findByText('a: cached')
    const metrics = getCacheMetrics(client)
    expect({ hits: metrics.hits, staleHits: metrics.staleHits, misses: metrics.misses }).toEqual({
      hits: 1,
      staleHits: 0,
      misses: 0,
    })
    expect(truth.mountedWithData.size).toBe(1)
    expect(metrics.fetches).toBe(truth.queryFnCalls)
  })

  it('counts a stale hit and the refetch it caused when a component finds stale data', async () => {
    const queryKey = [uniqueKey()]
    client.setQueryData(queryKey, 'cached')
    renderIn(wrap, <Reader id="a" queryKey={queryKey} staleTime={0} />)
    await screen.findByText('a: loaded')
    const metrics = getCacheMetrics(client)
    expect({ hits: metrics.hits, staleHits: metrics.staleHits, misses: metrics.misses }).toEqual({
      hits: 0,
      staleHits: 1,
      misses: 0,
    })
    expect(metrics.fetches).toBe(truth.queryFnCalls)
  })

  it('counts one lookup per component when an app of several components mounts', async () => {
    const cached = [uniqueKey()]
    const empty = [uniqueKey()]
    client.setQueryData(cached, 'cached')
    renderIn(
      wrap,
      <>
        <Reader id="a" queryKey={cached} staleTime={60_000} />
        <Reader id="b" queryKey={empty} staleTime={60_000} />
        <Reader id="c" queryKey={empty} staleTime={60_000} />
        <Reader id="d" queryKey={cached} staleTime={0} />
      </>,
    )
    await screen.findByText('c: loaded')
    await screen.findByText('d: loaded')
    const metrics = getCacheMetrics(client)
    expect(metrics.hits + metrics.staleHits + metrics.misses).toBe(4)
    expect(metrics.misses).toBe(truth.mountedWithout.size)
    expect(metrics.fetches).toBe(truth.queryFnCalls)
  })
})

describe.each(modes)('useQueries %s', (_mode, wrap) => {
  function Both({ keys }: { keys: Array<Array<string>> }) {
    const results = useQueries({
      queries: keys.map((queryKey) => ({
        queryKey,
        queryFn: async () => {
          truth.queryFnCalls++
          return 'loaded'
        },
        staleTime: 60_000,
      })),
    })
    return <p>{results.every((result) => result.data === 'loaded') ? 'all loaded' : 'loading'}</p>
  }

  it('counts one lookup per query and as many fetches as query function calls', async () => {
    const cached = [uniqueKey()]
    client.setQueryData(cached, 'loaded')
    renderIn(wrap, <Both keys={[cached, [uniqueKey()], [uniqueKey()]]} />)
    await screen.findByText('all loaded')
    const metrics = getCacheMetrics(client)
    expect({ hits: metrics.hits, staleHits: metrics.staleHits, misses: metrics.misses }).toEqual({
      hits: 1,
      staleHits: 0,
      misses: 2,
    })
    expect(metrics.fetches).toBe(truth.queryFnCalls)
  })
})

describe.each(modes)('suspense readers %s', (_mode, wrap) => {
  function SuspenseReader({ id, queryKey }: { id: string; queryKey: Array<string> }) {
    const { data } = useSuspenseQuery({
      queryKey,
      queryFn: async () => {
        truth.queryFnCalls++
        await Promise.resolve()
        return 'loaded'
      },
      staleTime: 60_000,
    })
    return <p>{`${id}: ${data}`}</p>
  }
  /** Whether each reader suspended (found no data), counted apart from the metrics. */
  function Fallback({ id }: { id: string }) {
    useEffect(() => {
      truth.mountedWithout.add(id)
    })
    return <p>loading</p>
  }
  const suspended = (id: string, queryKey: Array<string>) => (
    <Suspense fallback={<Fallback id={id} />}>
      <SuspenseReader id={id} queryKey={queryKey} />
    </Suspense>
  )

  it('counts a reader that suspended on an empty cache as a miss, and its one fetch', async () => {
    renderIn(wrap, suspended('a', [uniqueKey()]))
    await screen.findByText('a: loaded')
    const metrics = getCacheMetrics(client)
    expect({ hits: metrics.hits, staleHits: metrics.staleHits, misses: metrics.misses }).toEqual({
      hits: 0,
      staleHits: 0,
      misses: truth.mountedWithout.size,
    })
    expect(metrics.fetches).toBe(truth.queryFnCalls)
  })

  it('counts two readers that suspended on the same empty query as two misses', async () => {
    const queryKey = [uniqueKey()]
    renderIn(
      wrap,
      <>
        {suspended('a', queryKey)}
        {suspended('b', queryKey)}
      </>,
    )
    await screen.findByText('b: loaded')
    const metrics = getCacheMetrics(client)
    expect(metrics.misses).toBe(2)
    expect(metrics.hits).toBe(0)
    expect(metrics.fetches).toBe(truth.queryFnCalls)
  })

  it('counts a reader that found fresh data as a hit without a fetch', async () => {
    const queryKey = [uniqueKey()]
    client.setQueryData(queryKey, 'cached')
    renderIn(wrap, suspended('a', queryKey))
    await screen.findByText('a: cached')
    expect(getCacheMetrics(client)).toMatchObject({ hits: 1, misses: 0, fetches: 0 })
  })

  it('counts a reader of a prefetched query as a hit, the prefetch as the fetch', async () => {
    const queryKey = [uniqueKey()]
    await client.prefetchQuery({ queryKey, queryFn: () => 'prefetched' })
    renderIn(wrap, suspended('a', queryKey))
    await screen.findByText('a: prefetched')
    expect(getCacheMetrics(client)).toMatchObject({ hits: 1, misses: 0, fetches: 1 })
  })

  it('counts a reader that mounts later, once the data is there, as a hit', async () => {
    const queryKey = [uniqueKey()]
    const view = renderIn(wrap, suspended('a', queryKey))
    await screen.findByText('a: loaded')
    await new Promise((resolve) => setTimeout(resolve, 0))
    view.rerender(
      wrap(
        <QueryClientProvider client={client}>
          {suspended('a', queryKey)}
          {suspended('b', queryKey)}
        </QueryClientProvider>,
      ),
    )
    await screen.findByText('b: loaded')
    expect(getCacheMetrics(client)).toMatchObject({ hits: 1, misses: 1 })
  })
})

describe.each(modes)('mutations %s', (_mode, wrap) => {
  function Mutate({ onMutate }: { onMutate?: () => unknown }) {
    const mutation = useMutation({
      mutationFn: async (n: number) => {
        truth.mutationFnCalls++
        return n
      },
      onMutate,
    })
    return (
      <button type="button" onClick={() => mutation.mutate(1)}>
        {mutation.status}
      </button>
    )
  }

  it('counts a mutation whose onMutate returns a context once', async () => {
    renderIn(wrap, <Mutate onMutate={() => ({ previous: 'context' })} />)
    await act(async () => screen.getByRole('button').click())
    await screen.findByText('success')
    expect(getCacheMetrics(client).mutations).toBe(truth.mutationFnCalls)
    expect(truth.mutationFnCalls).toBe(1)
  })

  it('counts a mutation without onMutate once', async () => {
    renderIn(wrap, <Mutate />)
    await act(async () => screen.getByRole('button').click())
    await screen.findByText('success')
    expect(getCacheMetrics(client).mutations).toBe(1)
  })

  it('counts an optimistic defineMutation once per call', async () => {
    const keys = createQueryKeys(uniqueKey('todos'), { all: null })
    const useAdd = defineMutation({
      mutationFn: async (title: string) => {
        truth.mutationFnCalls++
        return title
      },
      optimistic: {
        key: () => keys.all,
        update: (current: Array<string> | undefined, title) => [...(current ?? []), title],
      },
    })
    function Add() {
      const mutation = useAdd()
      return (
        <button type="button" onClick={() => mutation.mutate('write tests')}>
          {mutation.status}
        </button>
      )
    }
    client.setQueryData(keys.all, [])
    renderIn(wrap, <Add />)
    await act(async () => screen.getByRole('button').click())
    await screen.findByText('success')
    await act(async () => screen.getByRole('button').click())
    await screen.findByText('success')
    expect(truth.mutationFnCalls).toBe(2)
    expect(getCacheMetrics(client).mutations).toBe(2)
  })
})
