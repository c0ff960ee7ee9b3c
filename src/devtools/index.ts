// react-query-toolkit/devtools: the CacheInspector panel. (The Prometheus export, `toPrometheus`, moved to
// react-query-toolkit/metrics, beside the store it reads.)
export { CacheInspector } from './CacheInspector'

export type { CacheInspectorProps, StreamStatusSource } from './CacheInspector'
