// Event ids are a trust boundary: a server, another tab or localStorage may hand us any string, and the
// id goes back out as a `Last-Event-ID` header, where a value `Headers` refuses would make every
// connection attempt throw. An id that could not travel back unchanged is ignored.

/** The longest id kept, in characters (one byte each on the wire, since only Latin-1 is accepted). */
export const MAX_EVENT_ID_LENGTH = 1024

// Printable ASCII and Latin-1 without the C0/C1 controls or DEL (so no NUL, CR or LF), and no space at
// either end (`Headers` would trim it, and the server would be asked for another id).
const sendable = /^[\x21-\x7e\xa0-\xff](?:[\x20-\x7e\xa0-\xff]*[\x21-\x7e\xa0-\xff])?$/

/** Whether `value` can be kept as a resume point and sent back as `Last-Event-ID` unchanged. */
export function isEventId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_EVENT_ID_LENGTH && sendable.test(value)
}
