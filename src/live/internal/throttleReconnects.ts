// Reconnection requests from other tabs, coalesced: any tab can post `reconnect` (a hostile or buggy
// one in a loop), and each honoured request drops the connection, so they are granted at most once per
// `floorMs`, a request inside that window becoming one deferred reconnection.

export interface ReconnectThrottle {
  request: () => void
  close: () => void
}

export function throttleReconnects(floorMs: number, reconnect: () => void, now = () => Date.now()): ReconnectThrottle {
  let last = -Infinity
  let timer: ReturnType<typeof setTimeout> | undefined
  const run = () => {
    timer = undefined
    last = now()
    reconnect()
  }
  return {
    request: () => {
      if (timer !== undefined) return
      const wait = last + floorMs - now()
      if (wait <= 0) run()
      else timer = setTimeout(run, wait)
    },
    close: () => clearTimeout(timer),
  }
}
