// A Web Locks stand-in for jsdom, shaped like the browser's (exclusive mode only): one manager per
// "browser", one `LockManager`-like view per tab. A lock is held until its callback's promise settles;
// `ifAvailable` calls back with `null` when the name is held or queued; an aborted request leaves the
// queue with an `AbortError`; closing a tab releases what it holds and drops what it asked for, as a
// browser does when a document goes away.
import type { ShareLocks } from '../../../src/tabs/shareFetches'

interface Request {
  tab: number
  grant: () => void
}

export interface TabLockManager extends ShareLocks {
  /** The tab dies: its held locks are released, its waiting requests never granted. */
  close: () => void
}

export function createLockManager() {
  const held = new Map<string, number>()
  const queues = new Map<string, Array<Request>>()
  let tabs = 0
  let granted = 0

  const release = (name: string, tab: number) => {
    if (held.get(name) !== tab) return
    held.delete(name)
    const next = queues.get(name)?.shift()
    if (next) next.grant()
  }

  const tab = (): TabLockManager => {
    const id = ++tabs
    let closed = false
    return {
      request: (name, options, callback) =>
        new Promise((resolve, reject) => {
          if (closed) return reject(new DOMException('document closed', 'InvalidStateError'))
          if (options.signal?.aborted) return reject(new DOMException('aborted', 'AbortError'))
          const busy = held.has(name) || (queues.get(name)?.length ?? 0) > 0
          if (options.ifAvailable && busy) {
            void Promise.resolve()
              .then(() => callback(null))
              .then(resolve, reject)
            return
          }
          const request: Request = {
            tab: id,
            grant: () => {
              held.set(name, id)
              granted++
              void Promise.resolve()
                .then(() => callback({ name, mode: 'exclusive' }))
                .then(
                  (value) => {
                    release(name, id)
                    resolve(value)
                  },
                  (error: unknown) => {
                    release(name, id)
                    reject(error)
                  },
                )
            },
          }
          options.signal?.addEventListener('abort', () => {
            const queue = queues.get(name) ?? []
            const at = queue.indexOf(request)
            if (at < 0) return
            queue.splice(at, 1)
            reject(new DOMException('aborted', 'AbortError'))
          })
          if (!busy) return request.grant()
          const queue = queues.get(name) ?? []
          queues.set(name, queue)
          queue.push(request)
        }),
      close: () => {
        closed = true
        for (const [name, queue] of queues)
          queues.set(
            name,
            queue.filter((request) => request.tab !== id),
          )
        for (const [name, holder] of [...held]) if (holder === id) release(name, id)
      },
    }
  }

  return {
    tab,
    /** How many locks have been granted (not counting `ifAvailable` refusals). */
    granted: () => granted,
    isHeld: (name: string) => held.has(name),
  }
}
