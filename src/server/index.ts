// `react-query-toolkit/server`: the invalidation hub for Node servers and its buses.
export { createInvalidationHub } from './createInvalidationHub'
export { memoryBus } from './memoryBus'
export { redisBus } from './redisBus'
export { InvalidationHubError, isInvalidationHubError } from './InvalidationHubError'

export type {
  AuthorizeFn,
  AuthorizeResult,
  CorsOptions,
  InvalidationHub,
  InvalidationHubOptions,
  InvalidationHubStats,
  PublishInput,
} from './InvalidationHub'
export type { MemoryBusOptions } from './memoryBus'
export type { RedisBusOptions } from './RedisBusOptions'
export type { RedisClient } from './RedisClient'
export type { InvalidationHubErrorCode } from './InvalidationHubError'
export type { BusListener, BusMessage, HubEvent, InvalidationBus, PublishedEvent, Replay } from './InvalidationBus'
