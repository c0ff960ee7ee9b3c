import { QueryObserver } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { queryFreshness } from '../../../src/devtools/internal/queryFreshness'
import { createTestClient, deferred } from '../../helpers/createTestClient'

let client: QueryClient
beforeEach(() => {
  client = createTestClient()
})
afterEach(() => {
  client.clear()
  vi.useRealTimers()
})

const restoredState = (dataUpdatedAt: number) => ({
  data: 1,
  dataUpdateCount: 1,
  dataUpdatedAt,
  error: null,
  errorUpdateCount: 0,
  errorUpdatedAt: 0,
  fetchFailureCount: 0,
  fetchFailureReason: null,
  fetchMeta: null,
  isInvalidated: false,
  status: 'success' as const,
  fetchStatus: 'idle' as const,
})

const query = (key: string) => client.getQueryCache().find({ queryKey: [key] })!

describe('queryFreshness', () => {
  it('is fresh within the staleTime the query was fetched with', async () => {
    await client.prefetchQuery({ queryKey: ['a'], queryFn: () => 1, staleTime: 60_000 })
    expect(queryFreshness(query('a'))).toBe('fresh')
  })

  it('turns stale when that staleTime has passed', async () => {
    vi.useFakeTimers()
    await client.prefetchQuery({ queryKey: ['a'], queryFn: () => 1, staleTime: 1000 })
    vi.advanceTimersByTime(1001)
    expect(queryFreshness(query('a'))).toBe('stale')
  })

  it('goes by the observers of an observed query', () => {
    client.setQueryData(['a'], 1)
    const unsubscribe = new QueryObserver(client, { queryKey: ['a'], queryFn: () => 1, staleTime: Infinity }).subscribe(
      () => {},
    )
    expect(queryFreshness(query('a'))).toBe('fresh')
    unsubscribe()
  })

  it('reports an invalidated query', async () => {
    client.setQueryData(['a'], 1)
    await client.invalidateQueries({ queryKey: ['a'], refetchType: 'none' })
    expect(queryFreshness(query('a'))).toBe('invalidated')
  })

  it('reports a fetch in flight', () => {
    const gate = deferred<number>()
    void client.prefetchQuery({ queryKey: ['a'], queryFn: () => gate.promise })
    expect(queryFreshness(query('a'))).toBe('fetching')
    gate.resolve(1)
  })

  it('reports a failed query', async () => {
    await client.prefetchQuery({ queryKey: ['a'], queryFn: () => Promise.reject(new Error('down')) })
    expect(queryFreshness(query('a'))).toBe('error')
  })

  it('goes by the tier of an unobserved query built with only its meta, as a restore builds it', () => {
    vi.useFakeTimers()
    client
      .getQueryCache()
      .build(
        client,
        { queryKey: ['a'], gcTime: Infinity, meta: { tier: 'long', persist: true } },
        restoredState(Date.now()),
      )
    vi.advanceTimersByTime(10 * 60_000)
    expect(queryFreshness(query('a'))).toBe('fresh')
  })

  it('goes by the query’s own staleTime when its tier is unknown to the app', () => {
    client
      .getQueryCache()
      .build(client, { queryKey: ['a'], meta: { tier: 'retired' } }, restoredState(Date.now() - 1000))
    expect(queryFreshness(query('a'))).toBe('stale')
  })

  it('reports a query that has no data yet', () => {
    client.getQueryCache().build(client, { queryKey: ['a'] })
    expect(queryFreshness(query('a'))).toBe('pending')
  })
})
