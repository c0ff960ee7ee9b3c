// The status stores of the streams open in this JavaScript realm, most recent last. `useStreamStatus`
// reads the newest one, so an app with one stream needs no provider; the cache metrics (core entry)
// find the stream of their QueryClient here without importing the live entry. The list lives in a
// global symbol-keyed slot, so every copy of the package loaded in the page shares it; its shape is
// mirrored by `src/metrics/internal/openStreams.ts`.
import type { StreamStatusStore } from '../streamStatus'

interface OpenStream {
  status: StreamStatusStore
  /** The QueryClient the stream invalidates (absent only for stores registered without one). */
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

const notify = () => {
  for (const listener of [...slot().listeners]) listener()
}

/** Adds a stream's store and the QueryClient it serves (whose metrics follow it); returns its removal. */
export function registerStream(store: StreamStatusStore, client?: object): () => void {
  const { streams } = slot()
  const entry: OpenStream = { status: store, client }
  streams.push(entry)
  notify()
  return () => {
    const at = streams.indexOf(entry)
    if (at < 0) return
    streams.splice(at, 1)
    notify()
  }
}

export function subscribeCurrentStream(listener: () => void): () => void {
  const { listeners } = slot()
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

export const getCurrentStream = (): StreamStatusStore | undefined => slot().streams.at(-1)?.status
