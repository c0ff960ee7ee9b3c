// `Retry-After` on 503 (and 429): how long the server asks us to stay away, as seconds or an HTTP date.

/** The longest `Retry-After` honoured: a longer one (or a hostile one) must not leave the app without a stream. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000

// Seconds, or an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`): `Date.parse` alone accepts `-3` as a year.
const seconds = /^\d{1,10}$/
const httpDate = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/

/** Milliseconds to wait, clamped to [0, MAX_RETRY_AFTER_MS]; `undefined` when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined
  const text = value.trim()
  let ms: number
  if (seconds.test(text)) ms = Number(text) * 1000
  else if (httpDate.test(text)) ms = Date.parse(text) - now
  else return undefined
  if (Number.isNaN(ms)) return undefined
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms))
}
