// Compaction: folds the records changed since the snapshot into it, in idle time, at most every
// `COMPACT_EVERY_MS` and only once `COMPACT_AFTER` changes piled up. One update does it: the stored
// snapshot is compared with the one read, so two tabs compacting at once apply one of the two, and a
// record another tab marks meanwhile stays marked (a restore reads it on top of the snapshot).
import type { PersistStorage } from '../PersistStorage'
import { LOG_KEY } from './invalidationLog'
import { CHANGE_PREFIX, SMALL_RANGE_END, SNAPSHOT_KEY, compact, snapshotTexts } from './snapshot'

export const COMPACT_AFTER = 500
export const COMPACT_EVERY_MS = 30_000

/** The rows of the namespace (keys below `below`), as untrusted as the storage: a row that is not one reads as `['', undefined]`. */
export async function readRows(storage: PersistStorage, namespace: string, below?: string) {
  const rows: unknown = await storage.getAll(namespace, below)
  if (!Array.isArray(rows))
    throw new TypeError(process.env.NODE_ENV !== 'production' ? 'getAll() did not return an array' : 'getAll')
  return (rows as Array<unknown>).map((row) =>
    Array.isArray(row) && typeof row[0] === 'string'
      ? (row as [string, unknown])
      : (['', undefined] as [string, unknown]),
  )
}

/** The stored values of `keys`, in one transaction that changes nothing (through `update` without `get`). */
export async function readValues(
  storage: PersistStorage,
  namespace: string,
  keys: Array<string>,
): Promise<ReadonlyMap<string, unknown> | undefined> {
  if (storage.get) return storage.get(namespace, keys)
  let stored: ReadonlyMap<string, unknown> | undefined
  await storage.update(namespace, keys, (found) => ((stored = found), { put: [], delete: [] }))
  return stored
}

/** Rewrites the snapshot from the stored one and the marked records; without one (or to `rebuild` it), from every record. */
export async function compactSnapshot(storage: PersistStorage, namespace: string, rebuild = false): Promise<void> {
  const small = (await readRows(storage, namespace, SMALL_RANGE_END)).filter(([key]) => key < SMALL_RANGE_END)
  const stored = small.find(([key]) => key === SNAPSHOT_KEY)?.[1]
  // Rebuilt from the records alone: a stale snapshot's copies must not survive into the new one.
  const texts = rebuild ? new Map<string, string>() : snapshotTexts(stored)
  const full = texts.size === 0
  const keys = (full ? await readRows(storage, namespace) : small)
    .map(([key]) => key)
    .filter((key) => key !== '' && key !== LOG_KEY)
  const changes = keys.filter((key) => key.startsWith(CHANGE_PREFIX))
  const hashes = full ? keys.filter((key) => key >= SMALL_RANGE_END) : changes.map((key) => key.slice(1))
  await storage.update(namespace, [...new Set([SNAPSHOT_KEY, ...changes, ...hashes])], (now) => {
    if (now.get(SNAPSHOT_KEY) !== stored) return { put: [], delete: [] }
    const records = hashes.map((hash): [string, unknown] => [hash, now.get(hash)])
    return { put: [[SNAPSHOT_KEY, compact(texts, records)]], delete: changes }
  })
}

const idle = (run: () => void): unknown =>
  typeof requestIdleCallback === 'function' ? requestIdleCallback(run) : setTimeout(run, 1_000)

/** Counts changes and compacts in idle time when there are enough of them; `run` must not reject. */
export function createCompactor(run: () => Promise<void>): (changes: number) => void {
  let pending = 0
  let last = -Infinity
  let busy = false
  return (changes) => {
    pending += changes
    if (busy || pending < COMPACT_AFTER || Date.now() - last < COMPACT_EVERY_MS) return
    busy = true
    idle(() => {
      last = Date.now()
      pending = 0
      void run().finally(() => (busy = false))
    })
  }
}
