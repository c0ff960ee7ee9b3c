// The last event id, kept across page loads, so a new page resumes the stream where the previous one
// stopped and the hub replays what happened while no tab was open. Storage is a trust boundary: a
// value that does not look like an event id is ignored.

export interface ResumeStorage {
  getItem: (key: string) => string | null
  setItem: (key: string, value: string) => void
}

const MAX_ID_LENGTH = 256

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
        const value = storage?.getItem(key)
        return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH ? value : undefined
      } catch {
        return undefined
      }
    },
    /** Keeps the latest id; a burst of events (one chunk) costs one storage write. */
    write: (id: string): void => {
      if (!storage) return
      if (pending === undefined) queueMicrotask(store)
      pending = id
    },
  }
}
