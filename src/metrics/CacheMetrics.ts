// The shape of the cache metrics snapshot: plain, serialisable data read by hooks, the inspector and exporters.
import type { InvalidationSource } from '../invalidateKeys'

/**
 * How observers found the cache when they mounted. A **hit** served cached data without a fetch, a
 * **stale hit** served cached data and TanStack refetched it on mount, a **miss** had no data and fetched.
 */
export interface CacheLookups {
  hits: number
  staleHits: number
  misses: number
}

/** Fetch durations of the last 256 fetches that settled (ms); `undefined` before the first one. */
export interface LatencyMetrics {
  p50: number | undefined
  p95: number | undefined
  /** Fetches measured since tracking started (the percentiles cover the last 256 of them). */
  count: number
}

/** What the last restore of the persisted cache did (the persist entry's `RestoreReport` fits). */
export interface RestoreMetrics {
  restored: number
  expired: number
  busted: number
  corrupt: number
  ms: number
}

/** The persisted cache, as reported with `reportPersistence`. */
export interface PersistenceMetrics {
  records: number
  bytes: number
  lastRestore: RestoreMetrics | undefined
}

/** The invalidation stream, as reported with `reportStreamStatus` (the live entry's `StreamStatus` fits). */
export interface StreamMetrics {
  state: 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'closed'
  role: 'leader' | 'follower' | 'solo'
  received: number
  dropped: number
  retryCount: number
}

/** The queries of one key scope in memory, as of the last cache event. */
export interface ScopeMemory {
  /** Queries cached. */
  queries: number
  /** Estimated size of their data: a sampled estimate of its JSON length (see the README). */
  bytes: number
  /** Queries `limitCache` evicted since tracking started (or the last reset). */
  evictions: number
}

/** A mutation outbox's depth, as the persist entry registers it (`src/openOutboxes.ts`). */
export interface OutboxMetrics {
  pending: number
  failed: number
}

export interface CacheMetrics extends CacheLookups {
  /** Lookups per key scope: the first segment of the query key (an object without a prototype). */
  scopes: Readonly<Record<string, CacheLookups>>
  /** Lookups per tier (`query.meta.tier`; `'untiered'` when absent). */
  tiers: Readonly<Record<string, CacheLookups>>
  /** Fetches started (a fetch joined while one is in flight is not counted again). */
  fetches: number
  /** Fetches that failed after their retries (cancellations excluded). */
  errors: number
  latency: LatencyMetrics
  /** Invalidation requests performed through the toolkit, by where they came from (one per set of keys, exact keys or tags). */
  invalidations: Readonly<Record<InvalidationSource, number>>
  /** Mutations started, and those that failed. */
  mutations: number
  mutationErrors: number
  /** Queries `limitCache` evicted (removed from memory to keep its bound). */
  evictions: number
  /** Queries, estimated bytes and evictions per key scope (an object without a prototype). */
  memory: Readonly<Record<string, ScopeMemory>>
  /** The depth of the mutation outbox `/persist` keeps for this client; `undefined` without one. */
  outbox: OutboxMetrics | undefined
  persistence: PersistenceMetrics | undefined
  stream: StreamMetrics | undefined
  /**
   * Reports dropped because they were not valid: `reportStreamStatus`/`reportPersistence` calls with
   * junk, and a followed stream whose status store threw or sent junk.
   */
  droppedReports: number
}
