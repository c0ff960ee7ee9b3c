// The invalidation streams open in this JavaScript realm, most recent last, in a global symbol-keyed slot:
// the live entry registers each stream with the QueryClient it serves, the metrics (and so the inspector)
// find the stream of their client here, and neither entry imports the other. Every copy of the package
// loaded in the page shares the slot; any script may write it, so readers treat what they find as untrusted.

/** What a reader may rely on of a registered status store. */
export interface StatusSource {
  getState: () => unknown
  subscribe: (listener: (status: unknown) => void) => () => void
}

export interface OpenStream {
  status: StatusSource
  /** The QueryClient the stream invalidates (absent only for stores registered without one). */
  client: object | undefined
}

interface StreamSlot {
  streams: Array<OpenStream>
  listeners: Set<() => void>
}

// Versioned: another copy of the package with another slot shape must not share this one.
const SLOT = Symbol.for('react-query-toolkit.openStreams.v1')

/** The slot, made anew when it is missing or was overwritten with something else. */
export function openStreams(): StreamSlot {
  const realm = globalThis as { [SLOT]?: unknown }
  const found = realm[SLOT] as Partial<StreamSlot> | undefined
  if (found && Array.isArray(found.streams) && found.listeners instanceof Set) return found as StreamSlot
  const fresh: StreamSlot = { streams: [], listeners: new Set() }
  realm[SLOT] = fresh
  return fresh
}

export function subscribeOpenStreams(listener: () => void): () => void {
  const { listeners } = openStreams()
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

export function notifyOpenStreams(): void {
  for (const listener of [...openStreams().listeners]) listener()
}
