// Capped exponential backoff with full jitter: spreads the reconnections of many clients after an outage.

/** A random delay in [0, min(maxMs, baseMs * 2^attempt)). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  return random() * Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30))
}
