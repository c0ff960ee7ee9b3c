// Differential: the freshness the inspector lists must agree with TanStack's own decisions. Observed
// queries: the observers' isStale. Unobserved queries: whether an observer mounting with the same options
// refetches on mount (refetchOnMount: true refetches stale data only).
import { QueryObserver } from '@tanstack/react-query'
import type { QueryClient, StaleTimeFunction } from '@tanstack/react-query'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { queryFreshness } from '../../../src/devtools/internal/queryFreshness'
import { createTestClient } from '../../helpers/createTestClient'

let client: QueryClient
beforeEach(() => {
  vi.useFakeTimers()
  client = createTestClient()
})
afterEach(() => {
  client.clear()
  vi.useRealTimers()
})

const staleTimes: Array<[string, StaleTimeFunction<number>]> = [
  ['0', 0],
  ['1000', 1000],
  ['Infinity', Number.POSITIVE_INFINITY],
  ["'static'", 'static'],
  ['a function returning 500', () => 500],
]
const elapsed = [0, 499, 500, 1000, 60_000]
const cases = staleTimes.flatMap(([name, staleTime]) => elapsed.map((ms) => [name, staleTime, ms] as const))

async function fetchedWith(staleTime: StaleTimeFunction<number>) {
  const options = { queryKey: ['differential'], queryFn: async () => 1, staleTime }
  await client.fetchQuery(options)
  return { options, query: client.getQueryCache().find({ queryKey: ['differential'] })! }
}

describe('queryFreshness against TanStack', () => {
  it.each(cases)(
    'agrees with the observers of a query with staleTime %s, %i ms after its fetch',
    async (_, staleTime, ms) => {
      const { options, query } = await fetchedWith(staleTime)
      const observer = new QueryObserver(client, { ...options, refetchOnMount: false })
      const unsubscribe = observer.subscribe(() => {})
      vi.advanceTimersByTime(ms)
      expect(queryFreshness(query)).toBe(observer.getCurrentResult().isStale ? 'stale' : 'fresh')
      unsubscribe()
    },
  )

  it.each(cases)(
    'calls an unobserved query with staleTime %s stale %i ms after its fetch exactly when TanStack refetches it on mount',
    async (_, staleTime, ms) => {
      const { options, query } = await fetchedWith(staleTime)
      vi.advanceTimersByTime(ms)
      const listed = queryFreshness(query)
      const unsubscribe = new QueryObserver(client, options).subscribe(() => {})
      expect(listed).toBe(query.state.fetchStatus === 'fetching' ? 'stale' : 'fresh')
      unsubscribe()
    },
  )
})
