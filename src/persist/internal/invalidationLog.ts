// Invalidations that must reach records still on disk. Every pass of the engine (stream, tab, manual,
// mutation) is noted with its time; a record read later is invalidated when a note at or after its
// `updatedAt` matches its key or one of its tags. With `restore: 'lazy'` the notes are stored as one
// small value of the namespace, so they outlive the tab: an invalidation never reads a record, and a
// record no session has read yet is still marked stale when one does.
import { hashKey, partialMatchKey } from '@tanstack/react-query'
import type { QueryKey } from '@tanstack/react-query'
import type { RequestTarget } from '../../internal/invalidationRequest'

/** `[at, 'k', key, exact]`, `[at, 't', tag]` or `[at, 'a']` (every record). */
export type LogEntry =
  | [at: number, kind: 'k', key: QueryKey, exact: boolean]
  | [at: number, kind: 't', tag: string]
  | [at: number, kind: 'a']

/** The storage key of the log; no query hash starts with a NUL. */
export const LOG_KEY = '\u0000invalidations'

// Beyond this many notes the oldest fold into one "everything up to then": over-invalidating is safe,
// forgetting is not.
const MAX_ENTRIES = 200
// 200 notes of the largest stream event (64 KiB) stay below this; a larger value is not ours.
const MAX_CHARS = 16_000_000

export const toEntry = (at: number, target: RequestTarget): LogEntry =>
  'all' in target ? [at, 'a'] : 'tag' in target ? [at, 't', target.tag] : [at, 'k', target.key, target.exact]

const isEntry = (entry: unknown): entry is LogEntry => {
  if (!Array.isArray(entry) || !Number.isFinite(entry[0])) return false
  const [, kind, target, exact] = entry as Array<unknown>
  if (kind === 'a') return entry.length === 2
  if (kind === 't') return entry.length === 3 && typeof target === 'string'
  return kind === 'k' && entry.length === 4 && Array.isArray(target) && typeof exact === 'boolean'
}

/**
 * The notes of a stored log value, each dated no later than `now` (a forged future note would mark
 * every later record stale forever); `undefined` when the value is not a log.
 */
export function parseLog(value: unknown, now: number): Array<LogEntry> | undefined {
  let entries: unknown
  try {
    entries = typeof value === 'string' && value.length <= MAX_CHARS && JSON.parse(value)
  } catch {
    return undefined
  }
  if (!Array.isArray(entries) || !entries.every(isEntry)) return undefined
  return (entries as Array<LogEntry>).map((entry) => (entry[0] > now ? ([now, ...entry.slice(1)] as LogEntry) : entry))
}

/**
 * `entries` without notes older than `since` (no unexpired record predates them) and without older copies of
 * a later note (it reaches every record they reach: tabs each note the passes they relay), at most `MAX_ENTRIES`.
 */
export function compactLog(entries: Array<LogEntry>, since: number): Array<LogEntry> {
  const seen = new Set<string>()
  const kept = entries
    .filter((entry) => entry[0] >= since)
    .sort((a, b) => b[0] - a[0])
    .filter((entry) => {
      const target = JSON.stringify(entry.slice(1))
      return !seen.has(target) && !!seen.add(target)
    })
    .reverse()
  if (kept.length <= MAX_ENTRIES) return kept
  const folded = kept.splice(0, kept.length - MAX_ENTRIES + 1)
  return [[folded[folded.length - 1]![0], 'a'], ...kept]
}

/** Whether a note made at or after `updatedAt` reaches a record of `key` with `tags`. */
export function isInvalidatedBy(
  entries: ReadonlyArray<LogEntry>,
  record: { key: QueryKey; updatedAt: number; tags?: ReadonlyArray<string> | undefined },
): boolean {
  let hash: string | undefined
  return entries.some((entry) => {
    if (entry[0] < record.updatedAt) return false
    if (entry[1] === 'a') return true
    if (entry[1] === 't') return record.tags?.includes(entry[2]) === true
    if (!entry[3]) return partialMatchKey(record.key, entry[2])
    try {
      return (hash ??= hashKey(record.key)) === hashKey(entry[2])
    } catch {
      return false
    }
  })
}
