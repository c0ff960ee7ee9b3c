// The compacted snapshot: every record of the namespace in ONE stored value, so a full restore pays
// IndexedDB's per-value cost once instead of once per record. Writes stay per record (lazy reads and
// the date checks of other tabs use them): each batch also marks every record it writes or deletes
// under `CHANGE_PREFIX + hash` (an empty value), in the same transaction, so the changes since the
// snapshot are one small key range. Restore reads the snapshot, that range and the marked records
// only; compaction folds the marked records into the snapshot in one transaction and unmarks them, so
// another tab's write or delete is never lost or resurrected.

/** The snapshot's key; no query hash starts with a control character. */
export const SNAPSHOT_KEY = '\u0000snapshot'
/** Keys of the changes since the snapshot: the prefix and the query hash. */
export const CHANGE_PREFIX = '\u0001'
/** Every key below this is the log, the snapshot or a change: what a snapshot restore reads. */
export const SMALL_RANGE_END = '\u0002'

/** Records of the snapshot: `[hash, size]` each, and the records, decoded (not validated). */
export interface Snapshot {
  heads: Array<[string, number]>
  records: Array<unknown>
}

// `[[hash, size], ...]` on the first line, then `[record,\nrecord,...]`: the records parse in one
// JSON.parse at restore, and compaction splits them back into their texts without parsing them.
export const encodeSnapshot = (entries: Map<string, string>): string =>
  `${JSON.stringify([...entries].map(([hash, text]) => [hash, text.length]))}\n[${[...entries.values()].join(',\n')}]`

const split = (value: unknown): [heads: Array<[string, number]>, body: string] | undefined => {
  if (typeof value !== 'string') return undefined
  const line = value.indexOf('\n')
  try {
    const heads: unknown = JSON.parse(value.slice(0, line))
    const ok =
      line > 0 &&
      Array.isArray(heads) &&
      heads.every((head) => Array.isArray(head) && typeof head[0] === 'string' && Number.isFinite(head[1]))
    return ok ? [heads as Array<[string, number]>, value.slice(line + 1)] : undefined
  } catch {
    return undefined
  }
}

/** The snapshot a stored value holds, or `undefined` when it is not one (corrupt); never throws. */
export function decodeSnapshot(value: unknown): Snapshot | undefined {
  const parts = split(value)
  if (!parts) return undefined
  try {
    const records: unknown = JSON.parse(parts[1])
    return Array.isArray(records) && records.length === parts[0].length ? { heads: parts[0], records } : undefined
  } catch {
    return undefined
  }
}

/** The record texts of a stored snapshot by hash (empty when it is not one). */
export function snapshotTexts(value: unknown): Map<string, string> {
  const parts = split(value)
  const texts = parts?.[1].slice(1, -1).split(',\n') ?? []
  return parts && texts.length === parts[0].length && parts[0].length > 0
    ? new Map(parts[0].map(([hash], i) => [hash, texts[i]!]))
    : new Map()
}

/**
 * Folds the changed records into the snapshot's texts: each as it is stored now, `undefined` for none.
 * A text with a raw newline is no record we wrote (JSON.stringify never emits one): left out.
 */
export function compact(texts: Map<string, string>, changes: Iterable<[hash: string, value: unknown]>): string {
  for (const [hash, value] of changes) {
    if (typeof value === 'string' && value !== '' && !value.includes('\n')) texts.set(hash, value)
    else texts.delete(hash)
  }
  return encodeSnapshot(texts)
}

/** A stored record as a restore sees it: its text, or (from the snapshot) already decoded, and its size. */
export type RestoreRow = [key: string, value: unknown, size: number, decoded: boolean]

/**
 * The records a snapshot restore restores, from the rows below `SMALL_RANGE_END`: the snapshot's, each
 * one marked as changed replaced by its stored record (`read`), or removed when there is none.
 * `undefined` without a snapshot, `'corrupt'` when it does not decode, `'stale'` when the namespace's key
 * count (`count`: `undefined` when the storage cannot count) is not that of `rows` and the records it names.
 */
export async function overlay(
  rows: Array<[string, unknown]>,
  read: (hashes: Array<string>) => Promise<ReadonlyMap<string, unknown> | undefined>,
  count: Promise<unknown>,
): Promise<{ rows: Array<RestoreRow>; changes: number } | 'corrupt' | 'stale' | undefined> {
  const stored = rows.find(([key]) => key === SNAPSHOT_KEY)
  if (!stored) return undefined
  const snapshot = decodeSnapshot(stored[1])
  if (!snapshot) return 'corrupt'
  const byHash = new Map<string, RestoreRow>(
    snapshot.heads.map(([hash, size], i) => [hash, [hash, snapshot.records[i], size, true]]),
  )
  const changed = rows.flatMap(([key]) => (key.startsWith(CHANGE_PREFIX) ? [key.slice(1)] : []))
  const current = changed.length > 0 ? await read(changed) : undefined
  for (const hash of changed) {
    const value = current?.get(hash)
    if (value === undefined) byHash.delete(hash)
    else byHash.set(hash, [hash, value, String(value).length, false])
  }
  const restored = [...byHash.values()]
  // A snapshot that does not account for every record stored (older than records a writer did not mark,
  // forged) is not trusted: the caller reads every record.
  const counted = await count
  if (counted !== undefined && counted !== rows.length + restored.length) return 'stale'
  return { rows: restored, changes: changed.length }
}
