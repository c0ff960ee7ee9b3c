// Invalidation stream protocol v1: the event shapes, the limits, and the one validator that both the hub
// (before it publishes) and the client (before it applies anything) run on what they receive.

export const PROTOCOL_VERSION = 1

// Plain constants inside this module, so a bundler inlines them and drops the object where unused.
const MAX_DATA_BYTES = 64 * 1024
const MAX_KEYS = 1000
const MAX_TAGS = 1000
const MAX_KEY_DEPTH = 16
const MAX_TAG_LENGTH = 256

export const protocolLimits = {
  /** Largest `data` field of one event, in bytes of UTF-8. */
  maxDataBytes: MAX_DATA_BYTES,
  maxKeys: MAX_KEYS,
  maxTags: MAX_TAGS,
  /** Nesting depth of one key; the key array itself is depth 1. */
  maxKeyDepth: MAX_KEY_DEPTH,
  maxTagLength: MAX_TAG_LENGTH,
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
  /** `reason`: a short code (a `ProtocolProblem`, or `size`/`json`); the client only counts drops. */
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

/**
 * What the validator found wrong, as a short code: the client only needs a yes/no, so the sentences
 * (`describeProblem`) live where the hub asks for them (`toInvalidation`) and stay out of the browser bundle.
 */
export type ProtocolProblem =
  | 'body'
  | 'version'
  | 'invalidation'
  | 'empty'
  | 'exact'
  | 'refetch'
  | 'keys'
  | 'keyCount'
  | 'key'
  | 'number'
  | 'type'
  | 'depth'
  | 'plain'
  | 'property'
  | 'tags'
  | 'tagCount'
  | 'tag'
  | 'tagLength'

type Detail = string | number | undefined

export class ProtocolError extends Error {
  override name = 'ProtocolError'
  constructor(
    readonly problem: ProtocolProblem,
    /** The index, type or property named by the problem. */
    readonly detail?: Detail,
    message: string = problem,
  ) {
    super(message)
  }
}

export function isProtocolError(error: unknown): error is ProtocolError {
  return error instanceof ProtocolError
}

const encoder = /* @__PURE__ */ new TextEncoder()

export function byteLength(text: string): number {
  // Cheap bound first: UTF-8 uses at most 3 bytes per UTF-16 unit.
  if (text.length * 3 <= MAX_DATA_BYTES) return text.length
  return encoder.encode(text).byteLength
}

/**
 * Parses and validates one SSE event (its `event` name and `data`) as protocol v1.
 * Never throws: malformed input comes back as `{ ok: false, reason }`.
 */
export function parseStreamEvent(name: string | undefined, data: string): ParseResult {
  const type = name || 'message'
  if (!eventTypes.has(type)) return { ok: 'ignored' }
  if (byteLength(data) > MAX_DATA_BYTES) {
    return { ok: false, reason: 'size' }
  }
  try {
    return { ok: true, event: toStreamEvent(type as StreamEventType, JSON.parse(data)) }
  } catch (error) {
    // A JSON syntax error carries no problem code.
    return { ok: false, reason: (error as Partial<ProtocolError>).problem ?? 'json' }
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
    const { problem, detail } = error
    throw new ProtocolError(problem, detail, describeProblem(problem, detail))
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

function fail(problem: ProtocolProblem, detail?: Detail): never {
  throw new ProtocolError(problem, detail)
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

function toKeys(keys: unknown): Array<WireKey> {
  if (!Array.isArray(keys)) fail('keys')
  if (keys.length > MAX_KEYS) fail('keyCount')
  return keys.map((key, index) => {
    if (!Array.isArray(key)) fail('key', index)
    return toKeyPart(key, 1) as WireKey
  })
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

function toTags(tags: unknown): Array<string> {
  if (!Array.isArray(tags)) fail('tags')
  if (tags.length > MAX_TAGS) fail('tagCount')
  for (const tag of tags) {
    if (typeof tag !== 'string') fail('tag')
    if (tag.length === 0 || tag.length > MAX_TAG_LENGTH) fail('tagLength')
  }
  return [...tags]
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/** The sentence for a problem, as the hub reports it to the app that published bad input. */
export function describeProblem(problem: ProtocolProblem, detail?: Detail): string {
  switch (problem) {
    case 'body':
      return 'data is not a JSON object'
    case 'version':
      return `unsupported protocol version ${detail}`
    case 'invalidation':
      return 'invalidation is not an object'
    case 'empty':
      return 'invalidation needs keys, tags or both'
    case 'exact':
      return 'exact must be a boolean'
    case 'refetch':
      return 'refetch must be "active", "all" or "none"'
    case 'keys':
      return 'keys must be an array of keys'
    case 'keyCount':
      return `more than ${MAX_KEYS} keys`
    case 'key':
      return `keys[${detail}] is not an array`
    case 'number':
      return 'a key holds a non-finite number'
    case 'type':
      return `a key holds a ${detail}`
    case 'depth':
      return `a key is nested deeper than ${MAX_KEY_DEPTH}`
    case 'plain':
      return 'a key holds a non-plain object'
    case 'property':
      return `a key holds the forbidden property "${detail}"`
    case 'tags':
      return 'tags must be an array of strings'
    case 'tagCount':
      return `more than ${MAX_TAGS} tags`
    case 'tag':
      return 'tags must be strings'
    case 'tagLength':
      return `a tag must have 1 to ${MAX_TAG_LENGTH} characters`
  }
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
