// A bound on how long the persister waits for a storage that may never answer.

/** `promise`, or a rejection with `onTimeout()` once `ms` have passed without an answer. */
export function within<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout = (): unknown => new Error(process.env.NODE_ENV !== 'production' ? `no answer within ${ms} ms` : 'timeout'),
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms)
    // Settled either way (resolve and reject never throw), the timer is no longer needed.
    void promise.then(resolve, reject).then(() => clearTimeout(timer))
  })
}
