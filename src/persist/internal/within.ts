// A bound on how long the persister waits for a storage that may never answer.

/** `promise`, or a rejection with `onTimeout()` once `ms` have passed without an answer. */
export function within<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout = (): unknown =>
    new Error(process.env.NODE_ENV !== 'production' ? `no answer within ${ms} ms` : 'timeout'),
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}
