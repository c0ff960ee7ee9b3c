// The key index over a QueryClient's cache, as the core entry exports it. It lives with the
// invalidation engine (`internal/`), which matches every invalidation through it.
export { getQueryIndex } from './internal/queryIndex'
export type { QueryIndex } from './internal/queryIndex'
