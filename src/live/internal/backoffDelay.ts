// Capped exponential backoff with full jitter above a floor: spreads the reconnections of many clients
// after an outage, and no server (`retry: 0`, a tiny `retryMs`) can turn reconnection into a hot loop.

export interface Backoff {
  /** The exponential base: `initialDelayMs`, or the server's `retry:` (clamped). */
  baseMs: number
  /** No wait is shorter (the floor, or a `Retry-After`). */
  minMs: number
  /** The jittered part never exceeds this. */
  maxMs: number
}

/** A random delay in [minMs, minMs + min(maxMs, baseMs · 2^attempt)). */
export function backoffDelay(attempt: number, { baseMs, minMs, maxMs }: Backoff, random = Math.random): number {
  return minMs + random() * Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30))
}
