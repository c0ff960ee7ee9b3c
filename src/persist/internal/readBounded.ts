// A persister's `read()` as a restore may wait for it: it always settles within the persister's
// `restoreTimeoutMs`, whatever the storage does (never answers, rejects, throws, returns nonsense).
// On failure the persister goes memory-only and the error is reported; the caller restores nothing.
import { PersistError } from '../PersistError'
import type { PersisterInternals, ReadResult } from './persisterInternals'
import { within } from './within'

export type BoundedRead = { result: ReadResult; error?: undefined } | { result?: undefined; error: PersistError }

/** Reads the persister's namespace, or gives up (memory mode, reported) after `restoreTimeoutMs`. */
export async function readBounded(persister: PersisterInternals): Promise<BoundedRead> {
  const ms = persister.restoreTimeoutMs

  const late = new PersistError(
    'unavailable',
    process.env.NODE_ENV !== 'production'
      ? `restore did not finish within ${ms} ms, persisting in memory only`
      : `${ms}`,
  )
  try {
    return { result: await within(persister.read(), ms, () => late) }
  } catch (cause) {
    const error =
      cause === late
        ? late
        : new PersistError(
            'storage',
            process.env.NODE_ENV !== 'production'
              ? `restore failed, persisting in memory only (${String(cause)})`
              : String(cause),
            { cause },
          )
    try {
      persister.degrade(error)
    } catch {
      // An `onError` that throws must not keep the restore from ending.
    }
    return { error }
  }
}
