// The names lookups are counted under. Scope names come from query keys (possibly built from user input)
// and tier names from `meta`, which may come back from IndexedDB: both are bounded in length and in
// number, so a flood of distinct names cannot grow the metrics (or an exporter's series) without limit.
import type { Query } from '@tanstack/react-query'
import type { CacheLookups } from '../CacheMetrics'

/** Distinct names kept per table (scopes, tiers); later new names are counted under `OTHER`. */
export const MAX_NAMES = 100
/** Longer names are cut to this many characters and end with `…`. */
export const MAX_NAME_LENGTH = 120
export const OTHER = '(other)'

const shorten = (name: string) => (name.length > MAX_NAME_LENGTH ? `${name.slice(0, MAX_NAME_LENGTH)}…` : name)

export function scopeName(query: Query): string {
  const head: unknown = query.queryKey[0]
  if (typeof head === 'string') return shorten(head)
  try {
    // A key with its own `queryKeyHashFn` may hold what JSON cannot write (a BigInt, a cycle).
    return shorten(JSON.stringify(head) ?? String(head))
  } catch {
    return OTHER
  }
}

export function tierName(query: Query): string {
  const tier: unknown = query.meta?.tier
  return typeof tier === 'string' ? shorten(tier) : 'untiered'
}

/** `name`, or `OTHER` once `table` is full and has no row for it. */
export const rowName = (table: object, name: string): string =>
  name in table || Object.keys(table).length < MAX_NAMES ? name : OTHER

/** Counts one lookup of `kind` under `name`, or under `OTHER` once the table is full. */
export function countLookup(counts: Record<string, CacheLookups>, name: string, kind: keyof CacheLookups): void {
  ;(counts[rowName(counts, name)] ??= { hits: 0, staleHits: 0, misses: 0 })[kind]++
}
