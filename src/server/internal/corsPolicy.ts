// CORS for the stream: which origins may read it, and the preflight answer that lets a page on another origin
// send `Last-Event-ID` and auth headers. The `Origin` header is untrusted: it is only ever echoed back when it
// is a well-formed origin the app allowed.
import type { IncomingHttpHeaders } from 'node:http'
import type { CorsOptions } from '../InvalidationHub'
import { InvalidationHubError } from '../InvalidationHubError'

export interface CorsPolicy {
  /** Headers for a response to this request: CORS headers when its origin is allowed, always `Vary: Origin`. */
  headersFor(headers: IncomingHttpHeaders): Record<string, string>
  /** Headers for a preflight from this request, or `undefined` when its origin is not allowed. */
  preflightFor(headers: IncomingHttpHeaders): Record<string, string> | undefined
  /**
   * Whether a stream request comes from a page on an origin that is not allowed (nor the hub's own): such a
   * page could not read the stream, so it gets 403 before `authorize` runs or a slot is taken.
   */
  refuses(headers: IncomingHttpHeaders): boolean
}

const tokenPattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/
/** `scheme://host[:port]`, or `null` (sandboxed frames, `file:`), which is allowed only when listed. */
const originPattern = /^(?:[a-z][a-z0-9+.-]{0,31}:\/\/[a-z0-9.:[\]-]{1,255}|null)$/i

export function toCorsPolicy(options: CorsOptions): CorsPolicy {
  if (typeof options !== 'object' || options === null) invalid('cors must be an object')
  const { origins, credentials = false, allowHeaders = [], maxAge = 600 } = options
  const allows = toOriginCheck(origins)
  if (typeof credentials !== 'boolean') invalid('cors.credentials must be a boolean')
  if (
    !Array.isArray(allowHeaders) ||
    !allowHeaders.every((name) => typeof name === 'string' && tokenPattern.test(name))
  ) {
    invalid('cors.allowHeaders must be an array of header names')
  }
  if (!Number.isSafeInteger(maxAge) || maxAge < 0) invalid(`cors.maxAge must be a whole number of seconds >= 0`)
  const allowed = ['Last-Event-ID', ...allowHeaders.filter((name) => name.toLowerCase() !== 'last-event-id')]

  function originOf(headers: IncomingHttpHeaders): string | undefined {
    const origin = headers.origin
    if (typeof origin !== 'string' || !originPattern.test(origin)) return undefined
    return allows(origin) ? origin : undefined
  }

  function allowOrigin(origin: string): Record<string, string> {
    return {
      'Access-Control-Allow-Origin': origin,
      ...(credentials && { 'Access-Control-Allow-Credentials': 'true' }),
      Vary: 'Origin',
    }
  }

  return {
    headersFor(headers): Record<string, string> {
      const origin = originOf(headers)
      // `Retry-After` is not a CORS-safelisted response header: unexposed, a page never sees the hub's 503 delay.
      if (origin === undefined) return { Vary: 'Origin' }
      return { ...allowOrigin(origin), 'Access-Control-Expose-Headers': 'Retry-After' }
    },
    preflightFor(headers) {
      const origin = originOf(headers)
      if (origin === undefined) return undefined
      return {
        ...allowOrigin(origin),
        'Access-Control-Allow-Methods': 'GET',
        'Access-Control-Allow-Headers': allowed.join(', '),
        'Access-Control-Max-Age': String(maxAge),
      }
    },
    refuses(headers) {
      // No `Origin`: not a cross-origin request from a page (Node, curl, a same-origin GET), nothing to decide.
      if (headers.origin === undefined) return false
      return originOf(headers) === undefined && !isOwnOrigin(headers)
    },
  }
}

/** A page on the hub's own host (browsers may send `Origin` on same-origin requests too). */
function isOwnOrigin(headers: IncomingHttpHeaders): boolean {
  const host = headers[':authority'] ?? headers.host
  if (typeof host !== 'string' || typeof headers.origin !== 'string' || !originPattern.test(headers.origin))
    return false
  try {
    return new URL(headers.origin).host === new URL(`http://${host}`).host
  } catch {
    return false
  }
}

function toOriginCheck(origins: CorsOptions['origins']): (origin: string) => boolean {
  if (typeof origins === 'function') {
    return (origin) => {
      try {
        return origins(origin) === true
      } catch {
        // The app's check failed: treat the origin as not allowed rather than fail the request.
        return false
      }
    }
  }
  if (!Array.isArray(origins)) invalid('cors.origins must be an array of origins or a function')
  for (const origin of origins) {
    if (typeof origin !== 'string' || !isOrigin(origin)) {
      invalid(`cors.origins: ${JSON.stringify(origin)} is not an origin like "https://app.example.com" (no path)`)
    }
  }
  const set = new Set(origins)
  return (origin) => set.has(origin)
}

function isOrigin(value: string): boolean {
  if (value === 'null') return true
  try {
    return new URL(value).origin === value
  } catch {
    return false
  }
}

function invalid(message: string): never {
  throw new InvalidationHubError('invalid-options', message)
}
