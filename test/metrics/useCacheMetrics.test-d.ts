import type { QueryClient } from '@tanstack/react-query'
import { describe, expectTypeOf, it } from 'vitest'
import type { CacheLookups, CacheMetrics } from '../../src/metrics/index'
import { getCacheMetrics, hitRate, reportStreamStatus, useCacheMetrics } from '../../src/metrics/index'
import type { StreamStatus } from '../../src/live/index'
import type { RestoreReport } from '../../src/persist/index'
import type { RestoreMetrics } from '../../src/metrics/index'

declare const client: QueryClient

describe('metrics types', () => {
  it('returns the whole snapshot without a selector', () => {
    expectTypeOf(useCacheMetrics()).toEqualTypeOf<CacheMetrics>()
  })

  it('returns what the selector picks', () => {
    expectTypeOf(useCacheMetrics((metrics) => metrics.latency.p95)).toEqualTypeOf<number | undefined>()
    expectTypeOf(useCacheMetrics(hitRate, client)).toEqualTypeOf<number>()
  })

  it('types scopes and tiers as possibly missing entries', () => {
    expectTypeOf(getCacheMetrics(client).scopes['projects']).toEqualTypeOf<CacheLookups | undefined>()
  })

  it('keeps the snapshot read-only', () => {
    expectTypeOf(getCacheMetrics(client).invalidations).toEqualTypeOf<
      Readonly<Record<'mutation' | 'stream' | 'tab' | 'manual', number>>
    >()
  })

  it('accepts the live entry’s stream status and the persist entry’s restore report as they are', () => {
    expectTypeOf<StreamStatus>().toExtend<Parameters<typeof reportStreamStatus>[1]>()
    expectTypeOf<RestoreReport>().toExtend<RestoreMetrics>()
  })
})
