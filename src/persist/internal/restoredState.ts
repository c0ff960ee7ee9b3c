// What a record becomes in the cache, for a full restore and for a record read on first use alike:
// the checks a record from outside must pass again here, and the query state it is restored as.
import { hashKey } from '@tanstack/react-query'
import type { QueryKey, QueryState } from '@tanstack/react-query'
import { isPersistedKey } from '../../internal/keyTiers'
import { isRecord } from './record'
import type { PersistedRecord } from './record'

export type Verdict = 'restore' | 'corrupt' | 'refused'

const isPrimitive = (part: unknown): boolean => part === null || typeof part !== 'object'

// TanStack's `hashKey`, faster for the common key of plain parts: its replacer only sorts objects, so
// without objects it is `JSON.stringify` itself.
export const defaultHash = (key: QueryKey): string => (key.every(isPrimitive) ? JSON.stringify(key) : hashKey(key))

/** Records come from outside: the shape, the key's tier and the key's own hash are checked again here. */
export function verdictOf(record: PersistedRecord, hashOf: (key: QueryKey) => string): Verdict {
  if (!isRecord(record)) return 'corrupt'
  if (!isPersistedKey(record.key, record.meta)) return 'refused'
  return hashOf(record.key) === record.hash ? 'restore' : 'corrupt'
}

/** The state of a restored record; a date from the future is not trusted: the data counts as of now, and stale. */
export function restoredState(record: PersistedRecord, now: number, invalidated: boolean): QueryState {
  const future = record.updatedAt > now
  return {
    data: record.data,
    dataUpdateCount: 1,
    dataUpdatedAt: future ? now : record.updatedAt,
    error: null,
    errorUpdateCount: 0,
    errorUpdatedAt: 0,
    fetchFailureCount: 0,
    fetchFailureReason: null,
    fetchMeta: null,
    isInvalidated: future || record.invalidated === true || invalidated,
    status: 'success',
    fetchStatus: 'idle',
  }
}
