// Validation of hub events: what `publish`/`reset` accept from the app, and what a bus reads back from
// shared storage (Redis), which is checked again before anything reaches a client.
import { encodeEventData } from '../../protocol/encode'
import { isProtocolError, protocolLimits } from '../../protocol/types'
import { byteLength, toInvalidation } from '../../protocol/validate'
import type { HubEvent } from '../InvalidationBus'
import { InvalidationHubError, isInvalidationHubError } from '../InvalidationHubError'

/** Validates the scopes of an event; a value that throws when read (a revoked proxy) is refused like any other. */
export function toEventScopes(scopes: unknown): Array<string> {
  try {
    return readEventScopes(scopes)
  } catch (error) {
    if (isInvalidationHubError(error)) throw error
    throw new InvalidationHubError('invalid-event', 'scopes could not be read', { cause: error })
  }
}

function readEventScopes(scopes: unknown): Array<string> {
  if (scopes === undefined) return []
  if (!Array.isArray(scopes)) throw new InvalidationHubError('invalid-event', 'scopes must be an array of strings')
  if (scopes.length > protocolLimits.maxTags) {
    throw new InvalidationHubError('invalid-event', `more than ${protocolLimits.maxTags} scopes`)
  }
  for (const scope of scopes) {
    if (typeof scope !== 'string' || scope.length === 0 || scope.length > protocolLimits.maxTagLength) {
      throw new InvalidationHubError(
        'invalid-event',
        `a scope must be a string of 1 to ${protocolLimits.maxTagLength} characters`,
      )
    }
  }
  return [...(scopes as Array<string>)]
}

/**
 * Validates an invalidation to publish; throws `InvalidationHubError` naming the first problem. Reading the input
 * may throw too (a getter, a revoked proxy such as an Immer draft used after its producer returned): that is
 * refused the same way, with the error as its cause, so `invalid-event` is the one failure of bad input.
 */
export function toInvalidateEvent(input: unknown): HubEvent {
  try {
    return readInvalidateEvent(input)
  } catch (error) {
    if (isInvalidationHubError(error)) throw error
    const what = isProtocolError(error) ? error.message : 'reading the input threw'
    throw new InvalidationHubError('invalid-event', `invalid publish: ${what}`, { cause: error })
  }
}

function readInvalidateEvent(input: unknown): HubEvent {
  const invalidation = toInvalidation(input)
  if (invalidation.keys.length === 0 && invalidation.tags.length === 0) {
    // The wire form of an empty invalidation would be rejected by every client.
    throw new InvalidationHubError('invalid-event', 'invalid publish: keys and tags are both empty')
  }
  const size = byteLength(encodeEventData({ type: 'invalidate', ...invalidation }))
  if (size > protocolLimits.maxDataBytes) {
    throw new InvalidationHubError(
      'invalid-event',
      `invalid publish: the event is over the ${protocolLimits.maxDataBytes} byte limit`,
    )
  }
  const scopes = toEventScopes((input as { scopes?: unknown }).scopes)
  return { type: 'invalidate', scopes, ...invalidation }
}

/** Serialises an event for shared storage. */
export function encodeHubEvent(event: HubEvent): string {
  return JSON.stringify(event)
}

/** Far above any valid event (64 KiB of data plus 1,000 scopes of 256 characters): not worth parsing. */
const maxStoredEventLength = 1024 * 1024

/** Reads back an event from shared storage; `undefined` for anything that is not a valid event. */
export function decodeHubEvent(text: string): HubEvent | undefined {
  if (text.length > maxStoredEventLength) return undefined
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null) return undefined
    const { type, scopes } = value as { type?: unknown; scopes?: unknown }
    if (type === 'reset') return { type: 'reset', scopes: toEventScopes(scopes) }
    if (type === 'invalidate') return toInvalidateEvent(value)
    return undefined
  } catch {
    return undefined
  }
}
