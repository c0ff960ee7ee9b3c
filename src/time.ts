// Durations in milliseconds, so tiers and options read as what they mean.

export const seconds = (count: number): number => count * 1000
export const minutes = (count: number): number => count * 60_000
export const hours = (count: number): number => count * 3_600_000

// Timers fire at once past 2^31 - 1 ms (~24.8 days): a gcTime that long would collect a query as soon
// as it is unused. Longer finite delays are held at the limit; Infinity stays (no timer at all).
export const timerDelay = (ms: number): number => (ms === Infinity ? ms : Math.min(ms, 2 ** 31 - 1))
