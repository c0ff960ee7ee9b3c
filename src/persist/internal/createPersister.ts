// The persister's policy, on top of any `PersistStorage`: namespaces, buster and maxAge, record
// validation (hash check, future dates), corrupt-record deletion, quota eviction (oldest first),
// stats, and the memory-only mode it falls back to. The storage's answers are untrusted: wrong shapes
// are dropped and counted, a throw or rejection is reported, and it never throws into the app.
import { PersistError } from '../PersistError'
import type { PersistErrorReason } from '../PersistError'
import type { QueryPersister } from '../QueryPersister'
import type { IndexedDBPersisterOptions } from '../createIndexedDBPersister'
import { createIndexedDBStorage } from '../createIndexedDBStorage'
import { UNTRUSTED_DATE, commitBatch, createRecordIndex } from './commitBatch'
import { DEFAULT_RESTORE_TIMEOUT_MS, persisterInternals } from './persisterInternals'
import type { OneRead, ReadResult, RecordDelete, RecordWrite } from './persisterInternals'
import { LOG_KEY, parseLog } from './invalidationLog'
import type { LogEntry } from './invalidationLog'
import { checkRecord, decodeRecord } from './record'
import { COMPACT_AFTER, compactSnapshot, createCompactor, readRows, readValues } from './compactSnapshot'
import { CHANGE_PREFIX, SMALL_RANGE_END, overlay } from './snapshot'
import type { RestoreRow } from './snapshot'
import type { PersistedRecord, Rejection } from './record'
import { within } from './within'

const isQuota = (error: unknown): boolean => (error as { name?: unknown } | null)?.name === 'QuotaExceededError'

// A storage method that throws instead of rejecting is treated as one that rejects.
const call = <T>(method: () => Promise<T> | T): Promise<T> => new Promise<T>((resolve) => resolve(method()))

/** The persister `createIndexedDBPersister` returns, for options already validated. */
export function createPersister(options: IndexedDBPersisterOptions): QueryPersister {
  const {
    namespace,
    buster = '',
    maxAge = 86_400_000,
    dbName = 'react-query-toolkit',
    throttleMs = 100,
    maxBytes = Infinity,
    restoreTimeoutMs = DEFAULT_RESTORE_TIMEOUT_MS,
    onError,
    restore = 'all',
    storage = createIndexedDBStorage(dbName),
  } = options
  // What this tab knows is stored, by hash: [updatedAt, size]. Drives eviction, stats and restore.
  const index = createRecordIndex()
  let [droppedBatches, droppedRecords] = [0, 0]
  let lastError: PersistError | undefined
  let opened: Promise<boolean> | undefined
  let memoryOnly = false
  // Memory-only because a restore gave up on the storage, which may still answer later.
  let gaveUp = false
  // The stored snapshot is corrupt or stale: the next compaction rewrites it from every record.
  let rebuild = false

  const report = (error: PersistError): PersistError => {
    lastError = error
    onError?.(error)
    return error
  }
  // `what` is development-only text: production messages carry the reason and the cause (all `onError` needs).
  const fault = (reason: PersistErrorReason, cause: unknown, what: string = reason): PersistError =>
    report(new PersistError(reason, `${what} (${String(cause)})`, { cause }))
  const close = (): void => {
    try {
      storage.close?.()
    } catch {
      // A storage that cannot close has nothing more to lose: we stop using it either way.
    }
  }

  // Opened on first use, never at creation: SSR and private modes have no IndexedDB.
  const connect = (): Promise<boolean> =>
    (opened ??= call(() => storage.open?.()).then(
      () => true,
      (cause: unknown) => {
        // Already memory-only (a restore that gave up on this open): that was reported and closed then,
        // and closing again could end the connection a logout opened since.
        if (memoryOnly) return false
        close()
        memoryOnly = true
        const error = fault(
          'unavailable',
          cause,
          process.env.NODE_ENV !== 'production' ? 'IndexedDB unavailable, persisting in memory only' : undefined,
        )
        // Diagnostics stay out of production builds; `onError` still hears of it there.
        if (process.env.NODE_ENV !== 'production') console.warn(error.message)
        return false
      },
    ))
  // False in memory mode, also when memory mode began while the storage was opening.
  const open = async (): Promise<boolean> => !memoryOnly && (await connect()) && !memoryOnly

  // Why a stored value under `key` is not restored, if it is not.
  const rejectionOf = (value: unknown, key: unknown, expiresBefore: number) => {
    const record = decodeRecord(value, buster, expiresBefore)
    if (typeof record === 'string') return record
    return key === record.hash ? record : ('corrupt' as Rejection)
  }

  // A call that moves more bytes may take longer: a slow disk is not a storage that never answers
  // (Chromium took over 6 s to store a first save of 100k records). 1 ms more per KB, ~1 MB/s.
  const boundFor = (bytes: number): number => restoreTimeoutMs + bytes / 1_000
  const bytesOf = (puts: Array<RecordWrite>): number => puts.reduce((sum, put) => sum + put.text.length, 0)

  // A lazy tab never reads the snapshot: it marks its writes and leaves compaction to 'all' tabs.
  const compactor = createCompactor(() =>
    memoryOnly || restore === 'lazy'
      ? Promise.resolve()
      : within(compactSnapshot(storage, namespace, rebuild), boundFor(index.bytes())).then(
          () => void (rebuild = false),
          (cause: unknown) =>
            void fault('storage', cause, process.env.NODE_ENV !== 'production' ? 'compaction failed' : undefined),
        ),
  )

  const commit = (
    puts: Array<RecordWrite>,
    deletes: Array<RecordDelete>,
    evict: Array<RecordDelete>,
    notes?: Array<LogEntry>,
  ) =>
    within(
      commitBatch({ storage, namespace, index, puts, deletes, evict, notes, since: Date.now() - maxAge }),
      boundFor(bytesOf(puts)),
    )
  // The oldest records to evict so that `puts` fit `needed` more bytes; the puts themselves are spared.
  const victims = (puts: Array<RecordWrite>, needed: number): Array<RecordDelete> =>
    needed > 0 ? index.oldest(needed, new Set(puts.map((put) => put.hash))) : []
  const growth = (puts: Array<RecordWrite>): number =>
    puts.reduce((sum, put) => sum + put.text.length - (index.entries.get(put.hash)?.[1] ?? 0), 0)
  // A failed write is a quota fault when the storage says so, a storage fault otherwise.
  const writeFault = (cause: unknown, what: string | undefined): PersistError =>
    fault(isQuota(cause) ? 'quota' : 'storage', cause, what)
  const dropBatch = (cause: unknown): void => {
    droppedBatches++
    writeFault(cause, process.env.NODE_ENV !== 'production' ? 'write batch dropped' : undefined)
  }

  // The quota path. Eviction runs in the update of the records it makes room for, so when they still
  // do not fit nothing is applied: a record that can never fit costs nothing else.
  const writeUnderQuota = async (puts: Array<RecordWrite>, deletes: Array<RecordDelete>) => {
    try {
      return await commit(puts, deletes, victims(puts, bytesOf(puts)))
    } catch (cause) {
      if (!isQuota(cause) || puts.length === 0) return dropBatch(cause)
    }
    // One record of the batch may be what cannot fit: write the rest without it, one record at a time.
    try {
      if (deletes.length > 0) await commit([], deletes, [])
    } catch (cause) {
      return dropBatch(cause)
    }
    let dropped = 0
    for (const put of puts) {
      try {
        // Without eviction first: most records of the batch fit as they are.
        await commit([put], [], []).catch((cause: unknown) => {
          if (!isQuota(cause)) throw cause
          return commit([put], [], victims([put], put.text.length))
        })
      } catch (cause) {
        dropped++
        droppedRecords++
        writeFault(cause, process.env.NODE_ENV !== 'production' ? `record ${put.hash} dropped` : put.hash)
      }
    }
    if (dropped === puts.length) droppedBatches++
  }

  // Dated in the future (a clock set back, forged): restored stale as of now, untrusted on disk (next write replaces it).
  const accept = (record: PersistedRecord, now: number, size: number): PersistedRecord => {
    const future = record.updatedAt > now
    index.remember(record.hash, [future ? UNTRUSTED_DATE : record.updatedAt, size])
    return future ? { ...record, updatedAt: now, invalidated: true } : record
  }

  const values = (keys: Array<string>) => call(() => readValues(storage, namespace, keys))

  // One record and the notes, in one transaction that changes nothing.
  const readOne = async (hash: string): Promise<OneRead> => {
    const found: OneRead = { record: undefined, log: [] }
    if (!(await open())) return found
    try {
      const stored = await within(values([hash, LOG_KEY]), restoreTimeoutMs)
      const now = Date.now()
      found.log = parseLog(stored?.get(LOG_KEY), now) ?? []
      if (!stored?.has(hash)) return found
      const record = rejectionOf(stored.get(hash), hash, now - maxAge)
      found.record = typeof record === 'string' ? record : accept(record, now, String(stored.get(hash)).length)
    } catch (cause) {
      fault('storage', cause, process.env.NODE_ENV !== 'production' ? `reading ${hash} failed` : undefined)
    }
    return found
  }

  // A read that fails rejects (then memory-only). With a snapshot: it, the marks and the marked records only.
  const read = async (): Promise<ReadResult> => {
    const result: ReadResult = { records: [], expired: 0, busted: 0, corrupt: 0, log: [] }
    if (!(await open()) || restore === 'lazy') return result
    // Counted beside the small read, for the snapshot's check (a count reads no key); a failure reads all.
    const listing = call(() => storage.count?.(namespace)).catch(() => null)
    const small = (await readRows(storage, namespace, SMALL_RANGE_END)).filter(([key]) => key < SMALL_RANGE_END)
    const snapshot = await overlay(small, values, listing)
    // A corrupt or stale snapshot is dropped and counted: every record is read, and compaction replaces it.
    if (typeof snapshot === 'string') rebuild = !!++result.corrupt
    const rows: Array<RestoreRow> =
      typeof snapshot === 'object'
        ? snapshot.rows
        : (await readRows(storage, namespace)).map(([key, value]) => [key, value, String(value).length, false])
    const now = Date.now()
    const expiresBefore = now - maxAge
    const invalid: Array<string> = []
    index.clear()
    result.log = parseLog(small.find(([key]) => key === LOG_KEY)?.[1], now) ?? []
    for (const [key, value, size, decoded] of rows) {
      if (key !== '' && key < SMALL_RANGE_END) continue // the log, snapshot and changes: read above
      const record = decoded ? checkRecord(value, buster, expiresBefore) : rejectionOf(value, key, expiresBefore)
      if (typeof record === 'string' || record.hash !== key) {
        result[typeof record === 'string' ? record : 'corrupt']++
        if (key !== '') invalid.push(key)
        continue
      }
      result.records.push(accept(record, now, size))
    }
    compactor(typeof snapshot === 'object' ? snapshot.changes : Math.max(rows.length, snapshot ? COMPACT_AFTER : 0))
    if (invalid.length === 0) return result
    try {
      // Rare path: delete the bad records in one update, checked again in it (another tab may have
      // replaced one meanwhile).
      await call(() =>
        storage.update(namespace, invalid, (stored) => {
          const gone = invalid.filter((key) => typeof rejectionOf(stored.get(key), key, expiresBefore) === 'string')
          // Marked: the next restore reads the record itself, not the snapshot's copy.
          const marks = typeof snapshot === 'object' ? invalid : gone
          return { put: marks.map((key) => [CHANGE_PREFIX + key, '']), delete: gone }
        }),
      )
    } catch (cause) {
      fault('storage', cause, process.env.NODE_ENV !== 'production' ? 'deleting invalid records failed' : undefined)
    }
    return result
  }

  return {
    namespace,
    buster,
    maxAge,
    stats: () => ({
      mode: memoryOnly ? 'memory' : 'indexeddb',
      records: index.entries.size,
      bytes: index.bytes(),
      droppedBatches,
      droppedRecords,
      lastError,
    }),
    [persisterInternals]: {
      scope: dbName,
      throttleMs,
      restoreTimeoutMs,
      restore,
      report,
      read,
      readOne,
      stored: (hash) => index.entries.get(hash)?.[0],
      degrade: (error) => {
        memoryOnly = gaveUp = true
        close()
        report(error)
      },
      write: async (puts, deletes, notes = []) => {
        if (!(await open()) || puts.length + deletes.length + notes.length === 0) return
        try {
          await commit(puts, deletes, victims(puts, index.bytes() - maxBytes + growth(puts)), notes)
          compactor(puts.length + deletes.length)
        } catch (cause) {
          if (!isQuota(cause)) return dropBatch(cause)
          // The notes are small and must not be lost with a record that cannot fit: they go alone first.
          if (notes.length > 0) await commit([], [], [], notes).catch(dropBatch)
          await writeUnderQuota(puts, deletes)
        }
      },
      clear: async () => {
        index.clear()
        // A logout must reach the disk even when this tab gave up on it (a restore that timed out):
        // the storage reopens for it, for at most restoreTimeoutMs, and closes again.
        if (!(await open()) && !gaveUp) return
        try {
          await within(
            call(() => storage.clear(namespace)),
            restoreTimeoutMs,
          )
        } catch (cause) {
          fault('storage', cause, process.env.NODE_ENV !== 'production' ? 'clear failed' : undefined)
        } finally {
          if (gaveUp) close()
        }
      },
    },
  }
}
