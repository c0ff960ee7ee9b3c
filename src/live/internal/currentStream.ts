// The status stores of the streams open in this JavaScript realm, most recent last: `useStreamStatus`
// reads the newest one, so an app with one stream needs no provider.
import type { StreamStatusStore } from '../streamStatus'

const open: Array<StreamStatusStore> = []
const listeners = new Set<() => void>()

const notify = () => listeners.forEach((listener) => listener())

/** Adds a stream's store; returns its removal. */
export function registerStream(store: StreamStatusStore): () => void {
  open.push(store)
  notify()
  return () => {
    const at = open.indexOf(store)
    if (at < 0) return
    open.splice(at, 1)
    notify()
  }
}

export function subscribeCurrentStream(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

export const getCurrentStream = (): StreamStatusStore | undefined => open[open.length - 1]
