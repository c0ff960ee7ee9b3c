// Durations in milliseconds, so tiers and options read as what they mean.

export const seconds = (count: number): number => count * 1000
export const minutes = (count: number): number => count * 60_000
export const hours = (count: number): number => count * 3_600_000

/** The longest delay a timer takes (~24.8 days): browsers and Node fire a longer one at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1

// A gcTime past the limit would collect a query as soon as it is unused: longer finite delays are held
// at the limit; Infinity stays (no timer at all).
export const timerDelay = (ms: number): number => (ms === Infinity ? ms : Math.min(ms, MAX_TIMER_MS))
