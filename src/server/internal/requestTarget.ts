// Reads what the hub needs from an untrusted request: the target must be a plain path (origin-form), and the
// resume point comes from the `Last-Event-ID` header or, for clients that cannot set headers, `?lastEventId=`.
import type { IncomingHttpHeaders } from 'node:http'

/** What the request says about where to resume. */
export type ResumePoint =
  /** No last id: a fresh connection. */
  | { type: 'fresh' }
  /** A last id that may be one of the bus's (the bus decides). */
  | { type: 'id'; id: string }
  /** Something that cannot be an id (control characters, oversized): the client must resync. */
  | { type: 'unknown' }

export const maxLastEventIdLength = 128
const plausibleIdPattern = new RegExp(`^[\\x21-\\x7e]{1,${maxLastEventIdLength}}$`)
const base = 'http://hub.invalid'

/** The parsed target, or `undefined` when it is not a path this hub can serve (the hub answers 400). */
export function parseRequestTarget(target: unknown): URL | undefined {
  // Origin-form only: `/path?query`. Absolute-form (`http://…`), authority-form, `*` and `//host` are refused
  // rather than resolved against a base, where they could name another host or fail to parse.
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//')) return undefined
  try {
    const url = new URL(target, base)
    return url.origin === base ? url : undefined
  } catch {
    return undefined
  }
}

/** The header wins over the query parameter; both get the same check. */
export function resumePointOf(headers: IncomingHttpHeaders, url: URL): ResumePoint {
  const header = headers['last-event-id']
  const value = typeof header === 'string' && header !== '' ? header : url.searchParams.get('lastEventId')
  if (value === null || value === '') return { type: 'fresh' }
  return plausibleIdPattern.test(value) ? { type: 'id', id: value } : { type: 'unknown' }
}
