// A persister's `read()` as a restore may wait for it: it always settles within the persister's
// `restoreTimeoutMs`, whatever the storage does (never answers, rejects, throws, returns nonsense).
// On failure the persister goes memory-only and the error is reported; the caller restores nothing.
import { PersistError } from '../PersistError'
import type { PersisterInternals, ReadResult } from './persisterInternals'

export type BoundedRead = { result: ReadResult; error?: undefined } | { result?: undefined; error: PersistError }

/** Reads the persister's namespace, or gives up (memory mode, reported) after `restoreTimeoutMs`. */
export function readBounded(persister: PersisterInternals): Promise<BoundedRead> {
  const ms = persister.restoreTimeoutMs
  const dev = process.env.NODE_ENV !== 'production'
  return new Promise((resolve) => {
    let settled = false
    const fail = (error: PersistError): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      try {
        persister.degrade(error)
      } catch {
        // An `onError` that throws must not keep the restore from ending.
      }
      resolve({ error })
    }
    const timer = setTimeout(
      () => fail(new PersistError('unavailable', dev ? `restore did not finish within ${ms} ms, persisting in memory only` : `${ms}`)),
      ms,
    )
    persister.read().then(
      (result) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resolve({ result })
      },
      (cause: unknown) =>
        fail(new PersistError('storage', dev ? `restore failed, persisting in memory only (${String(cause)})` : String(cause), { cause })),
    )
  })
}
