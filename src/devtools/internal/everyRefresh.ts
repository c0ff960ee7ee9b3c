// The panel's periodic re-read. A delay past what a timer can wait (2^31 - 1 ms, about 24.8 days)
// overflows: browsers and Node then fire almost at once, so `refreshMs={Infinity}` would re-render and
// re-read the persister in a tight loop. Such delays (from 2e9 ms, about 23 days) mean never, as 0 does.

/** Calls `tick` every `refreshMs`; never for 0, a negative, NaN, or 2e9 ms and more. Returns the stop function. */
export function everyRefresh(tick: () => void, refreshMs: number): () => void {
  const timer = refreshMs > 0 && refreshMs < 2e9 ? setInterval(tick, refreshMs) : undefined
  return () => clearInterval(timer)
}
