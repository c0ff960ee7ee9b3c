// The one validator of protocol v1 that both the hub (before it publishes) and the client (before it
// applies anything) run on what they receive. It never trusts its input: bounded, plain JSON copies out.
import { describeProblem } from './describeProblem'
import {
  isProtocolError,
  MAX_DATA_BYTES,
  MAX_KEY_DEPTH,
  MAX_KEYS,
  MAX_TAG_LENGTH,
  MAX_TAGS,
  ProtocolError,
  PROTOCOL_VERSION,
} from './types'
import type {
  Detail,
  Invalidation,
  KeyPart,
  ParseResult,
  ProtocolProblem,
  RefetchType,
  StreamEvent,
  StreamEventType,
  WireKey,
} from './types'

const eventTypes: ReadonlySet<string> = new Set<StreamEventType>(['hello', 'invalidate', 'reset', 'resync', 'ping'])

const forbiddenProperties: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])
const refetchTypes: ReadonlySet<string> = new Set<RefetchType>(['active', 'all', 'none'])

const encoder = /* @__PURE__ */ new TextEncoder()

export function byteLength(text: string): number {
  // Cheap bound first: UTF-8 uses at most 3 bytes per UTF-16 unit.
  if (text.length * 3 <= MAX_DATA_BYTES) return text.length
  return encoder.encode(text).byteLength
}

/**
 * Parses and validates one SSE event (its `event` name and `data`) as protocol v1.
 * Never throws: malformed input comes back as `{ ok: false, code }`.
 */
export function parseStreamEvent(name: string | undefined, data: string): ParseResult {
  const type = name || 'message'
  if (!eventTypes.has(type)) return { ok: 'ignored' }
  if (byteLength(data) > MAX_DATA_BYTES) {
    return { ok: false, code: 'size' }
  }
  try {
    return { ok: true, event: toStreamEvent(type as StreamEventType, JSON.parse(data)) }
  } catch (error) {
    // A JSON syntax error carries no problem code.
    return { ok: false, code: (error as Partial<ProtocolError>).code ?? 'json' }
  }
}

/** Validates a decoded event body. Throws a `ProtocolError` with the code of the first problem. */
export function toStreamEvent(type: StreamEventType, body: unknown): StreamEvent {
  if (!isRecord(body)) fail('body')
  if (body.v !== PROTOCOL_VERSION) fail('version', String(body.v))
  switch (type) {
    case 'hello':
      return { type, replay: body.replay === true }
    case 'invalidate':
      return { type, ...readInvalidation(body) }
    case 'reset':
    case 'resync':
    case 'ping':
      return { type }
  }
}

/**
 * Validates the fields of an invalidation (`keys`, `tags`, `exact`, `refetch`) against the protocol
 * limits and returns a fresh copy made of plain JSON values. Throws a `ProtocolError` whose message
 * names the problem in a sentence.
 */
export function toInvalidation(input: unknown): Invalidation {
  try {
    return readInvalidation(input)
  } catch (error) {
    if (!isProtocolError(error)) throw error
    const { code, detail } = error
    throw new ProtocolError(code, detail, describeProblem(code, detail))
  }
}

/** `toInvalidation` for a caller that only drops bad input: `undefined` instead of an error. */
export function parseInvalidation(input: unknown): Invalidation | undefined {
  try {
    return readInvalidation(input)
  } catch {
    return undefined
  }
}

function fail(code: ProtocolProblem, detail?: Detail): never {
  throw new ProtocolError(code, detail)
}

function readInvalidation(input: unknown): Invalidation {
  if (!isRecord(input)) fail('invalidation')
  const { keys, tags, exact, refetch } = input
  if (keys === undefined && tags === undefined) fail('empty')
  if (exact !== undefined && typeof exact !== 'boolean') fail('exact')
  if (refetch !== undefined && (typeof refetch !== 'string' || !refetchTypes.has(refetch))) fail('refetch')
  return {
    keys: keys === undefined ? [] : toKeys(keys),
    tags: tags === undefined ? [] : toTags(tags),
    exact: exact ?? false,
    refetch: (refetch as RefetchType | undefined) ?? 'active',
  }
}

/** Validates a list of keys against the limits (count, depth, plain JSON); throws a `ProtocolError`. */
export function toKeys(keys: unknown): Array<WireKey> {
  if (!Array.isArray(keys)) fail('keys')
  if (keys.length > MAX_KEYS) fail('key-count')
  return keys.map((key, index) => toWireKey(key, index))
}

/** Validates one key (depth, plain JSON) and returns a fresh copy; throws a `ProtocolError`. */
export function toWireKey(key: unknown, index = 0): WireKey {
  if (!Array.isArray(key)) fail('key', index)
  return toKeyPart(key, 1) as WireKey
}

function toKeyPart(value: unknown, depth: number): KeyPart {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      if (!Number.isFinite(value)) fail('number')
      return value
    case 'object':
      break
    default:
      fail('type', typeof value)
  }
  if (value === null) return null
  if (depth > MAX_KEY_DEPTH) fail('depth')
  if (Array.isArray(value)) return value.map((item) => toKeyPart(item, depth + 1))
  if (!isRecord(value)) fail('plain')
  const copy: Record<string, KeyPart> = {}
  for (const property of Object.keys(value)) {
    if (forbiddenProperties.has(property)) fail('property', property)
    copy[property] = toKeyPart(value[property], depth + 1)
  }
  return copy
}

/** Validates a list of tags against the limits (count, length); throws a `ProtocolError`. */
export function toTags(tags: unknown): Array<string> {
  if (!Array.isArray(tags)) fail('tags')
  if (tags.length > MAX_TAGS) fail('tag-count')
  for (const tag of tags) {
    if (typeof tag !== 'string') fail('tag')
    if (!isTagInBounds(tag)) fail('tag-length')
  }
  return [...tags]
}

/** Whether a tag's length is within the protocol's bounds (not empty, at most `MAX_TAG_LENGTH`). */
export const isTagInBounds = (tag: string): boolean => tag.length > 0 && tag.length <= MAX_TAG_LENGTH

/** A plain object (no class instance, no array): the only kind of record a peer may send. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}
