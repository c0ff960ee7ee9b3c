// Differential: the lookup a mounting observer is counted as, against what TanStack then does (whether
// it calls the query function), for generated combinations of cached state and observer options.
import { QueryObserver } from '@tanstack/react-query'
import type { QueryClient, QueryObserverOptions } from '@tanstack/react-query'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getCacheMetrics } from '../../../src/metrics/getCacheMetrics'
import { trackCacheMetrics } from '../../../src/metrics/trackCacheMetrics'
import { createTestClient } from '../../helpers/createTestClient'
import { uniqueKey } from '../../helpers/uniqueKey'

let client: QueryClient
let stopTracking: () => void

beforeEach(() => {
  client = createTestClient()
  stopTracking = trackCacheMetrics(client)
})

afterEach(() => {
  stopTracking()
  client.clear()
})

describe('classification against TanStack’s own decision to fetch on mount', () => {
  const staleTimes = [0, 1000, 60_000, Infinity, 'static' as const, () => 60_000]
  const onMount = [undefined, true, false, 'always' as const, () => false]
  const enabled = [undefined, true, false, () => false]

  it('counts a stale hit or a miss exactly when TanStack calls the query function, for any options', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          cached: fc.boolean(),
          ageMs: fc.integer({ min: 0, max: 120_000 }),
          invalidated: fc.boolean(),
          staleTime: fc.constantFrom(...staleTimes),
          refetchOnMount: fc.constantFrom(...onMount),
          enabled: fc.constantFrom(...enabled),
          initialData: fc.constantFrom(undefined, 'initial'),
          placeholderData: fc.constantFrom(undefined, 'placeholder'),
        }),
        async ({ cached, ageMs, invalidated, ...options }) => {
          const queryKey = [uniqueKey()]
          if (cached) client.setQueryData(queryKey, 'cached', { updatedAt: Date.now() - ageMs })
          if (cached && invalidated) await client.invalidateQueries({ queryKey, refetchType: 'none' })
          const before = getCacheMetrics(client)
          let calls = 0
          const observer = new QueryObserver(client, {
            queryKey,
            queryFn: () => String(++calls),
            ...options,
          } as QueryObserverOptions)
          const unsubscribe = observer.subscribe(() => {})
          await Promise.resolve()
          unsubscribe()
          const after = getCacheMetrics(client)
          const counted = (['hits', 'staleHits', 'misses'] as const).find((kind) => after[kind] > before[kind])
          expect(counted === 'staleHits' || counted === 'misses').toBe(calls > 0)
          expect(counted === 'misses').toBe(calls > 0 && !cached && options.initialData === undefined)
          expect(after.fetches - before.fetches).toBe(calls)
        },
      ),
      { numRuns: 300 },
    )
  })
})
