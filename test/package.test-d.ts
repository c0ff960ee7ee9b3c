// The entry map as a type checker sees it: the metrics types are imported from `react-query-toolkit/metrics`
// and from no other entry (the core and devtools exported them before the metrics became their own entry).
import type { QueryClient } from '@tanstack/react-query'
// @ts-expect-error the core entry no longer exports the metrics types
import type { CacheMetrics as CoreCacheMetrics } from 'react-query-toolkit'
// @ts-expect-error the devtools entry no longer exports the Prometheus options
import type { PrometheusOptions as DevtoolsPrometheusOptions } from 'react-query-toolkit/devtools'
import type {
  CacheLookups,
  CacheMetrics,
  LatencyMetrics,
  PersistenceMetrics,
  PrometheusOptions,
  RestoreMetrics,
  StreamMetrics,
} from 'react-query-toolkit/metrics'
import { getCacheMetrics, toPrometheus, useCacheMetrics } from 'react-query-toolkit/metrics'
import { describe, expectTypeOf, it } from 'vitest'

declare const client: QueryClient

describe('the metrics entry, by its public name', () => {
  it('types the snapshot with its parts', () => {
    expectTypeOf(getCacheMetrics(client)).toEqualTypeOf<CacheMetrics>()
    expectTypeOf(getCacheMetrics(client).latency).toEqualTypeOf<LatencyMetrics>()
    expectTypeOf(getCacheMetrics(client).persistence).toEqualTypeOf<PersistenceMetrics | undefined>()
    expectTypeOf(getCacheMetrics(client).stream).toEqualTypeOf<StreamMetrics | undefined>()
    expectTypeOf<PersistenceMetrics['lastRestore']>().toEqualTypeOf<RestoreMetrics | undefined>()
    expectTypeOf(useCacheMetrics((metrics) => metrics.scopes['projects'])).toEqualTypeOf<CacheLookups | undefined>()
  })

  it('types toPrometheus with its options', () => {
    expectTypeOf(toPrometheus).parameters.toEqualTypeOf<[CacheMetrics, PrometheusOptions?]>()
    expectTypeOf(toPrometheus).returns.toEqualTypeOf<string>()
  })

  it('leaves the metrics types out of the core and devtools entries', () => {
    // Each import above that names them is an error (its @ts-expect-error would fail otherwise).
    expectTypeOf<CoreCacheMetrics>().toBeAny()
    expectTypeOf<DevtoolsPrometheusOptions>().toBeAny()
  })
})
