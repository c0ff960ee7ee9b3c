import { QueryClientProvider, useQuery } from '@tanstack/react-query'
import { act, render, renderHook, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { hitRate } from '../../src/metrics/hitRate'
import { trackCacheMetrics } from '../../src/metrics/trackCacheMetrics'
import { useCacheMetrics } from '../../src/metrics/useCacheMetrics'
import { createTestClient, providerFor } from '../helpers/createTestClient'
import { uniqueKey } from '../helpers/uniqueKey'

const stops: Array<() => void> = []
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
})

function Reader({ queryKey }: { queryKey: Array<string> }) {
  const { data } = useQuery({ queryKey, queryFn: async () => 'loaded', staleTime: 60_000 })
  return <p>{data ?? 'loading'}</p>
}

function Figures() {
  const misses = useCacheMetrics((metrics) => metrics.misses)
  const rate = useCacheMetrics(hitRate)
  return <output>{`misses ${misses}, hit rate ${rate}`}</output>
}

describe('useCacheMetrics', () => {
  it('re-renders with the figures as queries mount', async () => {
    const client = createTestClient()
    stops.push(trackCacheMetrics(client))
    const queryKey = [uniqueKey()]
    const { rerender } = render(
      <QueryClientProvider client={client}>
        <Figures />
        <Reader queryKey={queryKey} />
      </QueryClientProvider>,
    )
    await screen.findByText('loaded')
    await screen.findByText('misses 1, hit rate 0')
    rerender(
      <QueryClientProvider client={client}>
        <Figures />
        <Reader queryKey={queryKey} />
        <Reader queryKey={queryKey} />
      </QueryClientProvider>,
    )
    await screen.findByText('misses 1, hit rate 0.5')
  })

  it('returns the whole snapshot without a selector', () => {
    const client = createTestClient()
    const { result } = renderHook(() => useCacheMetrics(), { wrapper: providerFor(client) })
    expect(result.current).toMatchObject({ hits: 0, fetches: 0 })
  })

  it('reads the client passed to it instead of the provider’s', async () => {
    const provided = createTestClient()
    const other = createTestClient()
    stops.push(trackCacheMetrics(other))
    const { result } = renderHook(() => useCacheMetrics((metrics) => metrics.fetches, other), {
      wrapper: providerFor(provided),
    })
    await act(() => other.prefetchQuery({ queryKey: [uniqueKey()], queryFn: () => 1 }))
    await waitFor(() => expect(result.current).toBe(1))
  })
})
