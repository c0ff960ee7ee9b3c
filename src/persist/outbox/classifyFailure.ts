// What a failed send means for its record: try again later (the network, or the server, failed), or keep
// it as failed until the app decides (the server refused it).

/** A status code carried by the error (`error.status`, or `error.response.status` as fetch wrappers do). */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { status, response } = error as { status?: unknown; response?: { status?: unknown } | null }
  if (typeof status === 'number') return status
  const nested = typeof response === 'object' && response !== null ? response.status : undefined
  return typeof nested === 'number' ? nested : undefined
}

/** `fetch` rejects with a `TypeError` when the request never got an answer (offline, DNS, reset). */
export const isFetchNetworkError = (error: unknown): boolean => error instanceof TypeError

/** Whether a failure is retried: a network error, or a status of 500 or more. */
export function isRetryable(error: unknown, isNetworkError: (error: unknown) => boolean): boolean {
  let network = false
  try {
    network = isNetworkError(error)
  } catch {
    // A classifier that throws says nothing: the status decides.
  }
  const status = statusOf(error)
  return network || (status !== undefined && status >= 500)
}

/**
 * The wait before retry number `attempt` (1 for the first retry): exponential from `baseMs`, capped at
 * `maxMs`, then jittered into its upper half so tabs and devices that failed together do not retry together.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30))
  return ceiling / 2 + (ceiling / 2) * random()
}
