import type { QueryClient } from '@tanstack/react-query'
import { expectTypeOf, it } from 'vitest'
import { limitCache } from '../src/index'
import type { LimitCacheOptions } from '../src/index'
import { evictionRate } from '../src/metrics/index'
import type { CacheMetrics, OutboxMetrics, ScopeMemory } from '../src/metrics/index'

it('returns a stop function', () => {
  expectTypeOf(limitCache({} as QueryClient, { maxQueries: 10 })).toEqualTypeOf<() => void>()
})

it('requires maxQueries and takes an optional maxBytes', () => {
  expectTypeOf<LimitCacheOptions>().toEqualTypeOf<{ maxQueries: number; maxBytes?: number }>()
  // @ts-expect-error maxQueries is required
  limitCache({} as QueryClient, { maxBytes: 1024 })
})

it('types the memory, eviction and outbox figures of the metrics', () => {
  expectTypeOf<CacheMetrics['memory']>().toEqualTypeOf<Readonly<Record<string, ScopeMemory>>>()
  expectTypeOf<ScopeMemory>().toEqualTypeOf<{ queries: number; bytes: number; evictions: number }>()
  expectTypeOf<CacheMetrics['outbox']>().toEqualTypeOf<OutboxMetrics | undefined>()
  expectTypeOf(evictionRate).returns.toEqualTypeOf<number>()
})
