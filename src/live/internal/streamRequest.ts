// Where the resume point goes. `Last-Event-ID` is not a CORS-safelisted header: sent to another origin
// it forces a preflight that a hub setting only `Access-Control-Allow-Origin`/`-Credentials` fails, and
// the page never connects. So while the app sets no headers of its own (the request stays "simple"),
// the id also travels as the `lastEventId` query parameter, and the header is left out cross-origin.
import { isEventId } from './eventId'

export const RESUME_QUERY_PARAMETER = 'lastEventId'

/** Whether `url` leaves this page's origin (never in Node or a worker without `location`: no CORS there). */
function isCrossOrigin(url: string): boolean {
  const here = (globalThis as { location?: { href?: unknown; origin?: unknown } }).location
  if (typeof here?.href !== 'string') return false
  try {
    return new URL(url, here.href).origin !== here.origin
  } catch {
    return true
  }
}

/**
 * `url` with `lastEventId=<id>` as its last query parameter (replacing any already there, which a server
 * would read first), other parameters kept byte for byte, relative URLs kept relative, a fragment dropped.
 */
export function withResumeParameter(url: string, id: string): string {
  const hash = url.indexOf('#')
  const base = hash < 0 ? url : url.slice(0, hash)
  const mark = base.indexOf('?')
  const path = mark < 0 ? base : base.slice(0, mark)
  const kept =
    mark < 0
      ? []
      : base
          .slice(mark + 1)
          .split('&')
          .filter((part) => part !== '' && part.split('=')[0] !== RESUME_QUERY_PARAMETER)
  return `${path}?${[...kept, `${RESUME_QUERY_PARAMETER}=${encodeURIComponent(id)}`].join('&')}`
}

/** The URL and headers of one connection attempt, given the app's own headers and the resume point. */
export function streamRequest(
  url: string,
  custom: Headers,
  lastEventId: string | undefined,
): { url: string; headers: Headers } {
  const simple = [...custom.keys()].length === 0
  const headers = new Headers(custom)
  // Safelisted (a plain value), so it keeps the request simple.
  headers.set('Accept', 'text/event-stream')
  if (!isEventId(lastEventId)) return { url, headers }
  if (!simple || !isCrossOrigin(url)) headers.set('Last-Event-ID', lastEventId)
  return { url: simple ? withResumeParameter(url, lastEventId) : url, headers }
}
