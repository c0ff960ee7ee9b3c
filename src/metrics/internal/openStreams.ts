// Reads the streams the live entry registers in a global symbol-keyed slot (written by
// `src/live/internal/currentStream.ts`, whose shape this mirrors), so the metrics follow a stream's
// status without importing the live entry: neither bundle grows by the other's code.

/** A status store as the live entry keeps it; read as untrusted, since any script may write the slot. */
export interface OpenStream {
  status: { getState: () => unknown; subscribe: (listener: (status: unknown) => void) => () => void }
  client: object | undefined
}

interface StreamSlot {
  streams: Array<OpenStream>
  listeners: Set<() => void>
}

// Versioned: another copy of the package with another slot shape must not share this one.
const SLOT = Symbol.for('react-query-toolkit.openStreams.v1')

const slot = (): StreamSlot => {
  const realm = globalThis as { [SLOT]?: unknown }
  const found = realm[SLOT] as Partial<StreamSlot> | undefined
  if (found && Array.isArray(found.streams) && found.listeners instanceof Set) return found as StreamSlot
  // Missing, or overwritten with something else: start a fresh slot rather than fail.
  const fresh: StreamSlot = { streams: [], listeners: new Set() }
  realm[SLOT] = fresh
  return fresh
}

/** The newest open stream bound to `client`, else the newest one bound to no client yet. */
export function findOpenStream(client: object): OpenStream['status'] | undefined {
  const { streams } = slot()
  let unbound: OpenStream | undefined
  for (let at = streams.length - 1; at >= 0; at--) {
    const open = streams[at]!
    if (open.client === client) return open.status
    if (open.client === undefined) unbound ??= open
  }
  return unbound?.status
}

/** Whether `status` belongs to a stream that is still open (in this realm). */
export const isOpenStream = (status: OpenStream['status']): boolean =>
  slot().streams.some((open) => open.status === status)

export function subscribeOpenStreams(listener: () => void): () => void {
  const { listeners } = slot()
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}
