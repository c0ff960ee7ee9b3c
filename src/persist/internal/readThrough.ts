// `restore: 'lazy'`: level 2 read through. A query that has no data reads its own record before its
// `queryFn` runs (the `persister` query option TanStack calls around every fetch): fresh data ends the
// fetch there, stale or invalidated data shows at once while the `queryFn` refetches it.
import type { DefaultOptions, Query, StaleTimeFunction } from '@tanstack/react-query'
import { isPersistedKey } from '../../internal/keyTiers'
import { isInvalidatedBy } from './invalidationLog'
import type { LogEntry } from './invalidationLog'
import type { PersisterInternals } from './persisterInternals'
import { defaultHash, restoredState, verdictOf } from './restoredState'

/** The `persister` query option, as `setDefaultOptions` takes it. */
export type PersisterOption = NonNullable<DefaultOptions['queries']>['persister']

export interface ReadThrough {
  /** The `persister` query option. */
  option: NonNullable<PersisterOption>
  /** On a query's success: true when it only carried the record read from disk (its date is put back). */
  settled: (query: Query) => boolean
}

export interface ReadThroughHooks {
  /** False once the session stopped or went memory-only. */
  active: () => boolean
  /** This tab's invalidation notes not yet on disk. */
  notes: () => ReadonlyArray<LogEntry>
  /** A stored record that must go: corrupt, expired, of another buster or of a tier that is not persisted. */
  reject: (hash: string) => void
  /** Whether a query with no data reads its record at all (`'all'`: only the queries `limitCache` evicted). */
  wanted: (query: Query) => boolean
}

export function createReadThrough(core: PersisterInternals, hooks: ReadThroughHooks): ReadThrough {
  // Records returned as the fetch's result, by hash: their date (TanStack dates a success now) and their
  // data, so a later success that brings other data (this fetch was cancelled) is not taken for them.
  const restored = new Map<string, [at: number, data: unknown]>()
  const skip = (query: Query): boolean =>
    !hooks.active() ||
    query.state.data !== undefined ||
    !hooks.wanted(query) ||
    !isPersistedKey(query.queryKey, query.meta)

  return {
    option: async (queryFn, context, query: Query) => {
      if (skip(query)) return queryFn(context)
      const { record, log } = await core.readOne(query.queryHash)
      if (record === undefined) return queryFn(context)
      const verdict =
        typeof record === 'string' ? record : verdictOf(record, query.options.queryKeyHashFn ?? defaultHash)
      if (typeof record === 'string' || verdict !== 'restore') {
        hooks.reject(query.queryHash)
        return queryFn(context)
      }
      // Data that arrived during the read (`setQueryData`, a hydrate) is newer than disk.
      if (skip(query)) return queryFn(context)
      const state = restoredState(record, Date.now(), isInvalidatedBy([...log, ...hooks.notes()], record))
      query.setState({ ...state, fetchStatus: query.state.fetchStatus })
      // Judged by the staleTime of the caller whose fetch this is (`fetch` set its options on the query).
      const { staleTime } = query.options as { staleTime?: StaleTimeFunction }
      if (query.isStaleByTime(typeof staleTime === 'function' ? staleTime(query) : staleTime)) return queryFn(context)
      restored.set(query.queryHash, [state.dataUpdatedAt, state.data])
      return state.data
    },
    settled: (query) => {
      const entry = restored.get(query.queryHash)
      restored.delete(query.queryHash)
      if (!entry || entry[1] !== query.state.data) return false
      query.setState({ dataUpdatedAt: entry[0] })
      return true
    },
  }
}
