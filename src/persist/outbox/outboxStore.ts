// The outbox's records through the persister's storage, in a namespace of their own derived from the
// persister's: a query restore reads its namespace's key range only, so it never meets an outbox record.
import { PersistError } from '../PersistError'
import type { PersistErrorCode } from '../PersistError'
import type { PersistStorage } from '../PersistStorage'
import { within } from '../internal/within'
import { decodeRecord, encodeRecord } from './outboxRecord'
import type { OutboxRecord, RecordRejection } from './outboxRecord'
import { outboxNamespace } from './outboxRegistry'

export interface OutboxStore {
  /** Every valid record; invalid ones are deleted and counted in `dropped`. Rejects when storage fails. */
  readAll: (
    names: ReadonlySet<string>,
    dropped: (why: RecordRejection, key: unknown) => void,
  ) => Promise<Array<OutboxRecord>>
  /** Writes a record; rejects with a `PersistError` (`quota`, `unavailable`, `storage`, `serialize`). */
  put: (record: OutboxRecord) => Promise<void>
  /** Rewrites a record only while it is still stored (another tab may have settled, discarded or cleared it); false when it is gone. */
  update: (record: OutboxRecord) => Promise<boolean>
  remove: (id: string) => Promise<void>
  clear: () => Promise<void>
}

const call = <T>(method: () => Promise<T> | T): Promise<T> => new Promise<T>((resolve) => resolve(method()))

export function createOutboxStore(
  storage: PersistStorage,
  namespace: string,
  timeoutMs: number,
  maxSize: number,
): OutboxStore {
  const at = outboxNamespace(namespace)
  let opened: Promise<void> | undefined
  const fail = (cause: unknown): PersistError => {
    if (cause instanceof PersistError) return cause
    const name = (cause as { name?: unknown } | null)?.name
    const code: PersistErrorCode = name === 'QuotaExceededError' ? 'quota' : 'storage'
    return new PersistError(
      code,
      process.env.NODE_ENV !== 'production'
        ? `the mutation outbox could not use its storage (${String(cause)})`
        : undefined,
      {
        cause,
      },
    )
  }
  // Bounded: a storage that never answers fails the write instead of holding the mutation forever.
  const guarded = async <T>(work: () => Promise<T> | T): Promise<T> => {
    const timeout = () =>
      new PersistError(
        'unavailable',
        process.env.NODE_ENV !== 'production'
          ? `the mutation outbox storage did not answer in ${timeoutMs} ms`
          : undefined,
      )
    try {
      await within((opened ??= call(() => storage.open?.())), timeoutMs, timeout)
      return await within(call(work), timeoutMs, timeout)
    } catch (cause) {
      // A failed open is tried again on next use: storage may come back (a blocked upgrade ends).
      opened = undefined
      throw fail(cause)
    }
  }
  const encode = (record: OutboxRecord): string => {
    let text: string
    try {
      text = encodeRecord(record, namespace)
    } catch (cause) {
      throw new PersistError(
        'serialize',
        process.env.NODE_ENV !== 'production'
          ? `mutation ${record.name}: its input cannot be stored as JSON`
          : undefined,
        { cause },
      )
    }
    if (text.length > maxSize) {
      throw new PersistError(
        'serialize',
        process.env.NODE_ENV !== 'production'
          ? `mutation ${record.name}: its record is over ${maxSize} characters`
          : undefined,
      )
    }
    return text
  }

  return {
    readAll: (names, dropped) =>
      guarded(async () => {
        const rows: unknown = await storage.getAll(at)
        if (!Array.isArray(rows)) throw new TypeError('getAll() did not return an array')
        const records: Array<OutboxRecord> = []
        const invalid: Array<string> = []
        for (const row of rows as Array<unknown>) {
          const [key, value] = Array.isArray(row) ? (row as Array<unknown>) : []
          const record = decodeRecord(value, key, namespace, names, maxSize)
          if (typeof record !== 'string') {
            records.push(record)
            continue
          }
          dropped(record, key)
          // A name this tab does not know may be another version's (a tab not yet reloaded): kept, unsent.
          if (typeof key === 'string' && record !== 'name') invalid.push(key)
        }
        if (invalid.length > 0) await storage.update(at, invalid, () => ({ put: [], delete: invalid }))
        return records
      }),
    put: (record) => {
      const text = encode(record)
      return guarded(() => storage.update(at, [record.id], () => ({ put: [[record.id, text]], delete: [] })))
    },
    update: (record) => {
      const text = encode(record)
      let present = false
      return guarded(async () => {
        await storage.update(at, [record.id], (stored) => {
          present = stored.has(record.id)
          return { put: present ? [[record.id, text]] : [], delete: [] }
        })
        return present
      })
    },
    remove: (id) => guarded(() => storage.update(at, [id], () => ({ put: [], delete: [id] }))),
    clear: () => guarded(() => storage.clear(at)),
  }
}
