// The last event id, kept across page loads, so a new page resumes the stream where the previous one
// stopped and the hub replays what happened while no tab was open. Storage is a trust boundary: a
// value that could not be sent back as an event id (`isEventId`) is discarded, and access may throw.
import type { ResumeStorage } from '../connectInvalidationStream'
import { isEventId } from './eventId'

export function defaultResumeStorage(): ResumeStorage | undefined {
  try {
    return globalThis.localStorage
  } catch {
    // Access can throw (sandboxed iframes, storage disabled): resume within the page only.
    return undefined
  }
}

export function createResumePoint(storage: ResumeStorage | undefined, key: string) {
  let pending: string | undefined
  const store = () => {
    const id = pending!
    pending = undefined
    try {
      storage?.setItem(key, id)
    } catch {
      // Quota or disabled storage: the id still lives in the status store.
    }
  }
  return {
    read: (): string | undefined => {
      try {
        const value: unknown = storage?.getItem(key)
        if (isEventId(value)) return value
        // Junk is not left behind for the next page to trip over.
        if (value !== null && value !== undefined && value !== '') storage?.removeItem?.(key)
        return undefined
      } catch {
        return undefined
      }
    },
    /** Keeps the latest id (`''`: the server reset it); a burst of events (one chunk) costs one storage write. */
    write: (id: string): void => {
      if (!storage || (id !== '' && !isEventId(id))) return
      if (pending === undefined) queueMicrotask(store)
      pending = id
    },
  }
}
