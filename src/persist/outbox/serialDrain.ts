// Runs the outbox's pass one at a time per tab, and one tab at a time per outbox queue (a Web Lock);
// a request that comes while a pass runs asks for one more pass after it, so no new record is missed.

/** A function that runs `pass` under the Web Lock `lockName` (alone without Web Locks), coalescing calls. */
export function serialDrain(
  lockName: string,
  pass: () => Promise<void>,
  onError: (error: unknown) => void,
  stopped: () => boolean,
): () => Promise<void> {
  let draining: Promise<void> | undefined
  let again = false
  const locked = async (): Promise<void> => {
    const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks
    if (locks?.request) await locks.request(lockName, () => pass())
    else await pass()
  }
  return () => {
    if (draining) {
      again = true
      return draining
    }
    draining = (async () => {
      try {
        do {
          again = false
          await locked().catch(onError)
        } while (again && !stopped())
      } finally {
        draining = undefined
      }
    })()
    return draining
  }
}
