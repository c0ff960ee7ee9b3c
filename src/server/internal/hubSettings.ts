// Checks the hub's options once, at creation, so a nonsense value fails loudly instead of misbehaving later
// (a `heartbeatMs` above the timer limit would ping every millisecond, a bad `retryAfterSeconds` would throw
// while answering a request).
import { describeValue as show } from '../../internal/describeValue'
import type { InvalidationBus } from '../InvalidationBus'
import type { AuthorizeFn, InvalidationHubOptions } from '../InvalidationHub'
import { InvalidationHubError } from '../InvalidationHubError'
import { toCorsPolicy, type CorsPolicy } from './corsPolicy'
import { MAX_TIMER_MS } from '../../time'

/** Below this a `retry:` hint would let every client hammer a failing server. */
export const minRetryMs = 250
export interface HubSettings {
  heartbeatMs: number
  maxConnections: number
  maxBufferedBytes: number
  retryAfter: string
  retryField: string
  authorize: AuthorizeFn | undefined
  cors: CorsPolicy | undefined
}

export function toHubSettings(options: InvalidationHubOptions): HubSettings {
  if (typeof options !== 'object' || options === null) fail('options must be an object')
  const heartbeatMs = options.heartbeatMs ?? 25_000
  if (!isNumberIn(heartbeatMs, 1, MAX_TIMER_MS))
    fail(`heartbeatMs must be a number from 1 to ${MAX_TIMER_MS}, got ${show(heartbeatMs)}`)
  const maxConnections = options.maxConnections ?? Number.POSITIVE_INFINITY
  if (!(typeof maxConnections === 'number' && maxConnections >= 1)) {
    fail(`maxConnections must be a number >= 1 (or Infinity), got ${show(maxConnections)}`)
  }
  const maxBufferedBytes = options.maxBufferedBytes ?? 256 * 1024
  if (!isNumberIn(maxBufferedBytes, 1, Number.MAX_SAFE_INTEGER)) {
    fail(`maxBufferedBytes must be a positive number, got ${show(maxBufferedBytes)}`)
  }
  const retryAfterSeconds = options.retryAfterSeconds ?? 5
  if (!Number.isSafeInteger(retryAfterSeconds) || retryAfterSeconds < 0) {
    fail(`retryAfterSeconds must be a whole number >= 0, got ${show(retryAfterSeconds)}`)
  }
  const retryMs = options.retryMs
  if (retryMs !== undefined && !isNumberIn(retryMs, minRetryMs, MAX_TIMER_MS)) {
    fail(`retryMs must be a number from ${minRetryMs} to ${MAX_TIMER_MS} (or unset), got ${show(retryMs)}`)
  }
  if (options.authorize !== undefined && typeof options.authorize !== 'function') fail('authorize must be a function')
  if (options.bus !== undefined && !isBus(options.bus)) fail('bus must implement InvalidationBus')
  return {
    heartbeatMs,
    maxConnections,
    maxBufferedBytes,
    retryAfter: String(retryAfterSeconds),
    retryField: retryMs === undefined ? '' : `retry: ${Math.round(retryMs)}\n`,
    authorize: options.authorize,
    cors: options.cors === undefined ? undefined : toCorsPolicy(options.cors),
  }
}

export function fail(message: string): never {
  throw new InvalidationHubError('invalid-options', message)
}

export { show }

function isNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && value >= min && value <= max
}

function isBus(value: unknown): value is InvalidationBus {
  if (typeof value !== 'object' || value === null) return false
  const bus = value as Record<string, unknown>
  return ['publish', 'subscribe', 'head', 'replaySince', 'close'].every((name) => typeof bus[name] === 'function')
}
