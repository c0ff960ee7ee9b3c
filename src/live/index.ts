// react-query-toolkit/live: the invalidation stream client, shared by the tabs of a browser.
export { connectInvalidationStream } from './connectInvalidationStream'
export { useInvalidationStream } from './useInvalidationStream'
export { useStreamStatus } from './useStreamStatus'
export { InvalidationStreamError, isInvalidationStreamError } from './InvalidationStreamError'

export type {
  HeadersSource,
  InvalidationStream,
  InvalidationStreamOptions,
  ResumeStorage,
  TabLocks,
} from './connectInvalidationStream'
export type { InvalidationStreamErrorCode } from './InvalidationStreamError'
export type { StreamRole, StreamState, StreamStatus, StreamStatusStore } from './streamStatus'
