// Feeds a QueryClient's metrics store from its QueryCache, MutationCache and toolkit invalidations.
import { isCancelledError } from '@tanstack/react-query'
import type { Query, QueryCacheNotifyEvent, QueryClient } from '@tanstack/react-query'
import { subscribeInvalidations } from '../internal/invalidationEvents'
import type { CacheLookups, CacheMetrics } from './CacheMetrics'
import { classifyLookup } from './internal/classifyLookup'
import { metricsEntry, update } from './internal/metricsEntry'
import type { MetricsEntry } from './internal/metricsEntry'

const WINDOW = 256

const bump = (counts: CacheMetrics['scopes'], name: string, kind: keyof CacheLookups) => {
  const current = counts[name] ?? { hits: 0, staleHits: 0, misses: 0 }
  return { ...counts, [name]: { ...current, [kind]: current[kind] + 1 } }
}

// Nearest-rank percentile of an ascending array.
const percentile = (sorted: Array<number>, p: number) => sorted[Math.ceil(p * sorted.length) - 1]

function start(client: QueryClient, entry: MetricsEntry): () => void {
  const started = new Map<string, number>()

  const settle = (query: Query, failed: boolean) => {
    const at = started.get(query.queryHash)
    started.delete(query.queryHash)
    update(entry, ({ errors, latency }) => {
      if (at === undefined) return { errors: errors + +failed }
      const count = latency.count + 1
      entry.samples[latency.count % WINDOW] = performance.now() - at
      const sorted = entry.samples.slice().sort((a, b) => a - b)
      return { errors: errors + +failed, latency: { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), count } }
    })
  }

  const onQueryEvent = (event: QueryCacheNotifyEvent) => {
    const { query } = event
    if (event.type === 'removed') started.delete(query.queryHash)
    if (event.type === 'observerAdded') {
      const kind = classifyLookup(query, event.observer.options)
      if (!kind) return
      const head = query.queryKey[0]
      const scope = typeof head === 'string' ? head : JSON.stringify(head)
      const tier = String(query.meta?.tier ?? 'untiered')
      return update(entry, (m) => ({ [kind]: m[kind] + 1, scopes: bump(m.scopes, scope, kind), tiers: bump(m.tiers, tier, kind) }))
    }
    if (event.type !== 'updated') return
    const { action } = event
    switch (action.type) {
      case 'fetch':
        started.set(query.queryHash, performance.now())
        return update(entry, ({ fetches }) => ({ fetches: fetches + 1 }))
      case 'success':
        // `manual` is setQueryData, not the end of a fetch.
        return action.manual ? undefined : settle(query, false)
      case 'error':
        return settle(query, !isCancelledError(action.error))
      case 'setState':
        // A cancelled fetch reverts to its old state: it has no duration.
        if (query.state.fetchStatus === 'idle') started.delete(query.queryHash)
        return
    }
  }

  const stops = [
    client.getQueryCache().subscribe(onQueryEvent),
    client.getMutationCache().subscribe((event) => {
      if (event.type !== 'updated') return
      if (event.action.type === 'pending') update(entry, ({ mutations }) => ({ mutations: mutations + 1 }))
      if (event.action.type === 'error') update(entry, ({ mutationErrors }) => ({ mutationErrors: mutationErrors + 1 }))
    }),
    subscribeInvalidations(client, ({ source }) =>
      update(entry, ({ invalidations }) => ({ invalidations: { ...invalidations, [source]: invalidations[source] + 1 } })),
    ),
  ]
  return () => {
    for (const stop of stops) stop()
  }
}

/**
 * Starts counting `client`'s cache metrics (read them with `useCacheMetrics` or `getCacheMetrics`).
 * Calls share one subscription; tracking stops when every returned unsubscribe has been called.
 * @example const stopTracking = trackCacheMetrics(queryClient)
 */
export function trackCacheMetrics(client: QueryClient): () => void {
  const entry = metricsEntry(client)
  if (entry.trackers++ === 0) entry.stop = start(client, entry)
  let tracking = true
  return () => {
    if (!tracking) return
    tracking = false
    if (--entry.trackers === 0) entry.stop()
  }
}
