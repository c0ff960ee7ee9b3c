// Cache metrics: hits, stale hits and misses per scope and tier, fetches, latency, invalidations.
export { trackCacheMetrics } from './trackCacheMetrics'
export { getCacheMetrics } from './getCacheMetrics'
export { resetCacheMetrics } from './resetCacheMetrics'
export { useCacheMetrics } from './useCacheMetrics'
export { hitRate } from './hitRate'
export { reportPersistence } from './reportPersistence'
export { reportStreamStatus } from './reportStreamStatus'

export type {
  CacheLookups,
  CacheMetrics,
  LatencyMetrics,
  PersistenceMetrics,
  RestoreMetrics,
  StreamMetrics,
} from './CacheMetrics'
