// The metrics API as the stories use it. It joins the core entry ('react-query-toolkit') when the lead
// exports it there; until then it is read from its source folder (the same modules either way).
export { getCacheMetrics, hitRate, resetCacheMetrics, trackCacheMetrics, useCacheMetrics } from '../../src/metrics/index'
export type { CacheMetrics } from '../../src/metrics/index'
