// The on-disk record: one JSON string per query, versioned and validated on every read.
// JSON rather than structured clone: it reads back faster (one string clone per record, then one
// parse) and it gives "serialisable" one plain meaning, the same as TanStack's own persisters.
import type { Query, QueryKey } from '@tanstack/react-query'
import { readTags, tagSourceOf } from '../../internal/queryTags'

export const RECORD_VERSION = 1

/** The decoded shape of a stored record. */
export interface PersistedRecord {
  v: typeof RECORD_VERSION
  buster: string
  key: QueryKey
  hash: string
  /** The query's `dataUpdatedAt`: orders copies across tabs, drives `maxAge` and eviction. */
  updatedAt: number
  meta?: Record<string, unknown>
  /** The tags the query provided when written, so a tag invalidation reaches it once restored. */
  tags?: Array<string>
  invalidated?: boolean
  data: unknown
}

/** Why a stored record is not restored. */
export type Rejection = 'corrupt' | 'busted' | 'expired'

// Functions and symbols vanish silently under JSON; we refuse them instead of persisting a lie.
function strict(_key: string, value: unknown): unknown {
  const type = typeof value
  if (type === 'function' || type === 'symbol') {
    throw new TypeError(process.env.NODE_ENV !== 'production' ? `a ${type} cannot be serialised` : type)
  }
  return value
}

/** Encodes a successful query; throws when its data cannot be serialised (functions, cycles, BigInt). */
export function encodeRecord(query: Query, buster: string): string {
  const { data, dataUpdatedAt, isInvalidated } = query.state
  const body = JSON.stringify(data, strict)
  // A tag deriver that throws on this data leaves the record without tags (the index does the same),
  // rather than keeping the query off disk.
  const source = tagSourceOf(query)
  const tags = source && readTags(source, data)
  // meta is the app's own (it may hold functions, e.g. tag derivers): JSON drops those quietly.
  const head = JSON.stringify({
    v: RECORD_VERSION,
    buster,
    key: query.queryKey,
    hash: query.queryHash,
    updatedAt: dataUpdatedAt,
    meta: query.meta,
    tags: tags?.length ? tags : undefined,
    invalidated: isInvalidated || undefined,
  })
  return `${head.slice(0, -1)},"data":${body}}`
}

/**
 * A record's IndexedDB key, `<namespace length>:<namespace>:<queryHash>`: the length makes the prefix
 * unambiguous, so one namespace's keys form a range that no other namespace's keys fall into.
 * (String keys: IndexedDB compares them faster than array keys.)
 */
export const recordKey = (namespace: string, hash: string): string => `${namespace.length}:${namespace}:${hash}`

/** Every key of a namespace: from its prefix up to, not including, the prefix with ':' raised to ';'. */
export function namespaceRange(namespace: string): IDBKeyRange {
  const prefix = recordKey(namespace, '')
  return IDBKeyRange.bound(prefix, `${prefix.slice(0, -1)};`, false, true)
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Whether a decoded value has every field of a record, each of its type. */
export function isRecord(r: unknown): r is PersistedRecord {
  return (
    isObject(r) &&
    r.v === RECORD_VERSION &&
    typeof r.buster === 'string' &&
    Array.isArray(r.key) &&
    typeof r.hash === 'string' &&
    Number.isFinite(r.updatedAt) &&
    'data' in r &&
    (r.meta === undefined || isObject(r.meta)) &&
    (r.tags === undefined || (Array.isArray(r.tags) && r.tags.every((tag) => typeof tag === 'string'))) &&
    (r.invalidated === undefined || typeof r.invalidated === 'boolean')
  )
}

/** Parses a stored value into a well-formed record of any buster and age, or `undefined`; never throws. */
export function parseRecord(value: unknown): PersistedRecord | undefined {
  let r: unknown
  try {
    r = typeof value === 'string' && JSON.parse(value)
  } catch {
    return undefined
  }
  return isRecord(r) ? r : undefined
}

/** Parses and validates a stored value for restore: the record, or why it is rejected; never throws. */
export const decodeRecord = (value: unknown, buster: string, expiresBefore: number): PersistedRecord | Rejection =>
  checkRecord(parseRecord(value), buster, expiresBefore)

/** Validates a decoded record for restore (a snapshot's records are decoded all at once). */
export function checkRecord(record: unknown, buster: string, expiresBefore: number): PersistedRecord | Rejection {
  if (!isRecord(record)) return 'corrupt'
  if (record.buster !== buster) return 'busted'
  return record.updatedAt < expiresBefore ? 'expired' : record
}
