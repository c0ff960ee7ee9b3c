// A persister's `read()` as a restore may wait for it: it always settles within the persister's
// `restoreTimeoutMs`, whatever the storage does (never answers, rejects, throws, returns nonsense).
// On failure the persister goes memory-only and the error is reported; the caller restores nothing.
import { PersistError } from '../PersistError'
import { DEFAULT_RESTORE_TIMEOUT_MS } from '../QueryPersister'
import type { QueryPersister, ReadResult } from '../QueryPersister'

export type BoundedRead = { result: ReadResult; error?: undefined } | { result?: undefined; error: PersistError }

const count = (value: unknown): number => (typeof value === 'number' && value >= 0 ? value : 0)

function validResult(value: unknown): ReadResult | undefined {
  const result = value as Partial<ReadResult> | null | undefined
  if (typeof result !== 'object' || result === null || !Array.isArray(result.records)) return undefined
  return { records: result.records, expired: count(result.expired), busted: count(result.busted), corrupt: count(result.corrupt) }
}

/** Reads the persister's namespace, or gives up (memory mode, reported) after `restoreTimeoutMs`. */
export function readBounded(persister: QueryPersister): Promise<BoundedRead> {
  const ms = persister.restoreTimeoutMs ?? DEFAULT_RESTORE_TIMEOUT_MS
  const dev = process.env.NODE_ENV !== 'production'
  return new Promise((resolve) => {
    let settled = false
    const fail = (error: PersistError): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      try {
        if (persister.degrade) persister.degrade(error)
        else persister.report(error)
      } catch {
        // An `onError` that throws must not keep the restore from ending.
      }
      resolve({ error })
    }
    const timer = setTimeout(
      () => fail(new PersistError('unavailable', dev ? `restore did not finish within ${ms} ms, persisting in memory only` : `${ms}`)),
      ms,
    )
    const failed = (cause: unknown): void =>
      fail(new PersistError('storage', dev ? `restore failed, persisting in memory only (${String(cause)})` : String(cause), { cause }))
    let reading: Promise<unknown>
    try {
      reading = Promise.resolve(persister.read())
    } catch (cause) {
      reading = Promise.reject(cause)
    }
    reading.then((value) => {
      if (settled) return
      const result = validResult(value)
      if (!result) return failed(new TypeError('read() did not return { records: [...] }'))
      settled = true
      clearTimeout(timer)
      resolve({ result })
    }, failed)
  })
}
