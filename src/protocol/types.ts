// Invalidation stream protocol v1: the event shapes and the limits, shared by the hub (`/server`) and
// the client (`/live`, and the tabs of `syncTabs`).

export const PROTOCOL_VERSION = 1

// Plain constants, so a bundler inlines them and drops the object where unused.
export const MAX_DATA_BYTES = 64 * 1024
export const MAX_KEYS = 1000
export const MAX_TAGS = 1000
export const MAX_KEY_DEPTH = 16
export const MAX_TAG_LENGTH = 256

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
export type KeyPart = string | number | boolean | null | ReadonlyArray<KeyPart> | { readonly [key: string]: KeyPart }

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
  /** `code`: a short code (a `ProtocolProblem`, or `size`/`json`); the client only counts drops. */
  | { ok: false; code: string }
  /** An event name this version does not know: ignored, not an error. */
  | { ok: 'ignored' }

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
  | 'key-count'
  | 'key'
  | 'number'
  | 'type'
  | 'depth'
  | 'plain'
  | 'property'
  | 'tags'
  | 'tag-count'
  | 'tag'
  | 'tag-length'

export type Detail = string | number | undefined

/**
 * Internal to the validator and the hub (no entry exports it): the hub turns it into an `InvalidationHubError`
 * (`invalid-event`) and the client only counts a drop, so it stays a plain `Error` and keeps the base class
 * out of the code path of a browser that never throws.
 */
export class ProtocolError extends Error {
  override name = 'ProtocolError'
  constructor(
    readonly code: ProtocolProblem,
    /** The index, type or property named by the code. */
    readonly detail?: Detail,
    message: string = code,
  ) {
    super(message)
  }
}

export function isProtocolError(error: unknown): error is ProtocolError {
  return error instanceof ProtocolError
}
