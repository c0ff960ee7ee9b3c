// Invalidation stream protocol v1: the event shapes, the limits, and the one validator that both the hub
// (before it publishes) and the client (before it applies anything) run on what they receive.

export const PROTOCOL_VERSION = 1

export const protocolLimits = {
  /** Largest `data` field of one event, in bytes of UTF-8. */
  maxDataBytes: 64 * 1024,
  maxKeys: 1000,
  maxTags: 1000,
  /** Nesting depth of one key; the key array itself is depth 1. */
  maxKeyDepth: 16,
  maxTagLength: 256,
} as const

export type RefetchType = 'active' | 'all' | 'none'

/** A key element that survives JSON: what a stream or another tab can carry. */
export type KeyPart =
  | string
  | number
  | boolean
  | null
  | ReadonlyArray<KeyPart>
  | { readonly [key: string]: KeyPart }

export type WireKey = ReadonlyArray<KeyPart>

export interface Invalidation {
  keys: Array<WireKey>
  tags: Array<string>
  exact: boolean
  refetch: RefetchType
}

export type StreamEvent =
  | { type: 'hello'; replay: boolean }
  | ({ type: 'invalidate' } & Invalidation)
  | { type: 'reset' }
  | { type: 'resync' }
  | { type: 'ping' }

export type StreamEventType = StreamEvent['type']

export type ParseResult =
  | { ok: true; event: StreamEvent }
  | { ok: false; reason: string }
  /** An event name this version does not know: ignored, not an error. */
  | { ok: 'ignored' }

const eventTypes: ReadonlySet<string> = new Set<StreamEventType>([
  'hello',
  'invalidate',
  'reset',
  'resync',
  'ping',
])

const forbiddenProperties: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])
const refetchTypes: ReadonlySet<string> = new Set<RefetchType>(['active', 'all', 'none'])

export class ProtocolError extends Error {
  override name = 'ProtocolError'
}

export function isProtocolError(error: unknown): error is ProtocolError {
  return error instanceof ProtocolError
}

const encoder = /* @__PURE__ */ new TextEncoder()

export function byteLength(text: string): number {
  // Cheap bound first: UTF-8 uses at most 3 bytes per UTF-16 unit.
  if (text.length * 3 <= protocolLimits.maxDataBytes) return text.length
  return encoder.encode(text).byteLength
}

/**
 * Parses and validates one SSE event (its `event` name and `data`) as protocol v1.
 * Never throws: malformed input comes back as `{ ok: false, reason }`.
 */
export function parseStreamEvent(name: string | undefined, data: string): ParseResult {
  const type = name || 'message'
  if (!eventTypes.has(type)) return { ok: 'ignored' }
  if (byteLength(data) > protocolLimits.maxDataBytes) {
    return { ok: false, reason: `data exceeds ${protocolLimits.maxDataBytes} bytes` }
  }
  let body: unknown
  try {
    body = JSON.parse(data)
  } catch {
    return { ok: false, reason: 'data is not JSON' }
  }
  try {
    return { ok: true, event: toStreamEvent(type as StreamEventType, body) }
  } catch (error) {
    return { ok: false, reason: (error as Error).message }
  }
}

/** Validates a decoded event body. Throws a `ProtocolError` naming the first problem. */
export function toStreamEvent(type: StreamEventType, body: unknown): StreamEvent {
  if (!isRecord(body)) throw new ProtocolError('data is not a JSON object')
  if (body.v !== PROTOCOL_VERSION) throw new ProtocolError(`unsupported protocol version ${String(body.v)}`)
  switch (type) {
    case 'hello':
      return { type, replay: body.replay === true }
    case 'invalidate':
      return { type, ...toInvalidation(body) }
    case 'reset':
    case 'resync':
    case 'ping':
      return { type }
  }
}

/**
 * Validates the fields of an invalidation (`keys`, `tags`, `exact`, `refetch`) against the protocol
 * limits and returns a fresh copy made of plain JSON values. Throws a `ProtocolError` on bad input.
 */
export function toInvalidation(input: unknown): Invalidation {
  if (!isRecord(input)) throw new ProtocolError('invalidation is not an object')
  const { keys, tags, exact, refetch } = input
  if (keys === undefined && tags === undefined) {
    throw new ProtocolError('invalidation needs keys, tags or both')
  }
  if (exact !== undefined && typeof exact !== 'boolean') throw new ProtocolError('exact must be a boolean')
  if (refetch !== undefined && (typeof refetch !== 'string' || !refetchTypes.has(refetch))) {
    throw new ProtocolError('refetch must be "active", "all" or "none"')
  }
  return {
    keys: keys === undefined ? [] : toKeys(keys),
    tags: tags === undefined ? [] : toTags(tags),
    exact: exact ?? false,
    refetch: (refetch as RefetchType | undefined) ?? 'active',
  }
}

function toKeys(keys: unknown): Array<WireKey> {
  if (!Array.isArray(keys)) throw new ProtocolError('keys must be an array of keys')
  if (keys.length > protocolLimits.maxKeys) {
    throw new ProtocolError(`more than ${protocolLimits.maxKeys} keys`)
  }
  return keys.map((key, index) => {
    if (!Array.isArray(key)) throw new ProtocolError(`keys[${index}] is not an array`)
    return toKeyPart(key, 1) as WireKey
  })
}

function toKeyPart(value: unknown, depth: number): KeyPart {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      if (!Number.isFinite(value)) throw new ProtocolError('a key holds a non-finite number')
      return value
    case 'object':
      break
    default:
      throw new ProtocolError(`a key holds a ${typeof value}`)
  }
  if (value === null) return null
  if (depth > protocolLimits.maxKeyDepth) {
    throw new ProtocolError(`a key is nested deeper than ${protocolLimits.maxKeyDepth}`)
  }
  if (Array.isArray(value)) return value.map((item) => toKeyPart(item, depth + 1))
  if (!isRecord(value)) throw new ProtocolError('a key holds a non-plain object')
  const copy: Record<string, KeyPart> = {}
  for (const property of Object.keys(value)) {
    if (forbiddenProperties.has(property)) {
      throw new ProtocolError(`a key holds the forbidden property "${property}"`)
    }
    copy[property] = toKeyPart(value[property], depth + 1)
  }
  return copy
}

function toTags(tags: unknown): Array<string> {
  if (!Array.isArray(tags)) throw new ProtocolError('tags must be an array of strings')
  if (tags.length > protocolLimits.maxTags) {
    throw new ProtocolError(`more than ${protocolLimits.maxTags} tags`)
  }
  for (const tag of tags) {
    if (typeof tag !== 'string') throw new ProtocolError('tags must be strings')
    if (tag.length === 0 || tag.length > protocolLimits.maxTagLength) {
      throw new ProtocolError(`a tag must have 1 to ${protocolLimits.maxTagLength} characters`)
    }
  }
  return [...tags]
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/** Serialises an event body as the `data` of one SSE event. */
export function encodeEventData(event: StreamEvent): string {
  switch (event.type) {
    case 'hello':
      return JSON.stringify({ v: PROTOCOL_VERSION, replay: event.replay })
    case 'invalidate': {
      const { keys, tags, exact, refetch } = event
      return JSON.stringify({
        v: PROTOCOL_VERSION,
        ...(keys.length > 0 && { keys }),
        ...(tags.length > 0 && { tags }),
        ...(exact && { exact }),
        ...(refetch !== 'active' && { refetch }),
      })
    }
    case 'reset':
    case 'resync':
    case 'ping':
      return JSON.stringify({ v: PROTOCOL_VERSION })
  }
}
