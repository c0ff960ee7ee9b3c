// react-query-toolkit/metrics: hits, stale hits and misses per scope and tier, fetches, latency,
// invalidations, evictions and estimated bytes per scope, outbox depth, the reported persistence and stream
// figures, and their Prometheus text. Its own entry so that an app that never counts does not ship the store.
export { trackCacheMetrics } from './trackCacheMetrics'
export { getCacheMetrics } from './getCacheMetrics'
export { resetCacheMetrics } from './resetCacheMetrics'
export { useCacheMetrics } from './useCacheMetrics'
export { hitRate } from './hitRate'
export { evictionRate } from './evictionRate'
export { reportPersistence } from './reportPersistence'
export { reportStreamStatus } from './reportStreamStatus'
export { toPrometheus } from './toPrometheus'
export { MetricsError, isMetricsError } from './MetricsError'

export type {
  CacheLookups,
  CacheMetrics,
  LatencyMetrics,
  OutboxMetrics,
  PersistenceMetrics,
  RestoreMetrics,
  ScopeMemory,
  StreamMetrics,
} from './CacheMetrics'
export type { PrometheusOptions } from './toPrometheus'
export type { MetricsErrorCode } from './MetricsError'
