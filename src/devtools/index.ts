// react-query-toolkit/devtools: the CacheInspector panel and the Prometheus export of cache metrics.
export { CacheInspector } from './CacheInspector'
export { toPrometheus } from './toPrometheus'

export type { CacheInspectorProps, StreamStatusSource } from './CacheInspector'
export type { PrometheusOptions } from './toPrometheus'
