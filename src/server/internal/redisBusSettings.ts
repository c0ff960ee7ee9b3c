// The Redis bus's options, checked once so a nonsense value fails at creation with a clear error.
import type { RedisBusOptions } from '../RedisBusOptions'
import { InvalidationHubError } from '../InvalidationHubError'
import { describeValue as show } from '../../internal/describeValue'
import { MAX_TIMER_MS } from '../../time'

export function toRedisBusSettings(options: RedisBusOptions) {
  const stream = options.stream ?? 'rqt:invalidations'
  const maxLen = options.maxLen ?? 10_000
  const blockMs = options.blockMs ?? 5000
  const pageSize = options.replayPageSize ?? 16
  if (!Number.isInteger(maxLen) || maxLen < 1) {
    throw new InvalidationHubError('invalid-options', `maxLen must be a whole number >= 1, got ${show(maxLen)}`)
  }
  if (!Number.isInteger(blockMs) || blockMs < 1 || blockMs > MAX_TIMER_MS) {
    throw new InvalidationHubError(
      'invalid-options',
      `blockMs must be a whole number from 1 to ${MAX_TIMER_MS}, got ${show(blockMs)}`,
    )
  }
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10_000) {
    throw new InvalidationHubError(
      'invalid-options',
      `replayPageSize must be a whole number from 1 to 10000, got ${show(pageSize)}`,
    )
  }
  if (typeof stream !== 'string' || stream.length === 0 || stream.length > 1024) {
    throw new InvalidationHubError('invalid-options', 'stream must be a non-empty string of at most 1024 characters')
  }
  return { stream, maxLen, blockMs, pageSize }
}
