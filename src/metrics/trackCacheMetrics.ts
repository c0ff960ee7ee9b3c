// Feeds a QueryClient's metrics store from its QueryCache, MutationCache and toolkit invalidations.
import { isCancelledError } from '@tanstack/react-query'
import type { Mutation, Query, QueryCacheNotifyEvent, QueryClient, QueryObserverOptions } from '@tanstack/react-query'
import { subscribeInvalidations } from '../internal/invalidationEvents'
import { classifyLookup } from './internal/classifyLookup'
import { followOutbox } from './internal/followOutbox'
import { followStream } from './internal/followStream'
import { createMountLedger } from './internal/mountLedger'
import { countLookup, scopeName, tierName } from './internal/lookupNames'
import { draft, LATENCY_WINDOW, metricsEntry } from './internal/metricsEntry'
import type { MetricsEntry } from './internal/metricsEntry'
import { trackMemory } from './internal/trackMemory'

function start(client: QueryClient, entry: MetricsEntry): () => void {
  const started = new Map<string, number>()
  // StrictMode's resubscriptions and suspense readers, told apart from new lookups.
  const mounts = createMountLedger()
  // TanStack dispatches `pending` twice when `onMutate` returns a context: a mutation counts once.
  const mutationsSeen = new WeakSet<Mutation<unknown, unknown, unknown, unknown>>()
  const memory = trackMemory(client, entry)

  const settle = (query: Query, failed: boolean) => {
    const at = started.get(query.queryHash)
    started.delete(query.queryHash)
    const metrics = draft(entry)
    if (failed) metrics.errors++
    if (at !== undefined) entry.samples[entry.measured++ % LATENCY_WINDOW] = performance.now() - at
  }

  const lookup = (query: Query, options: QueryObserverOptions) => {
    const kind = mounts.isSuspendedRead(query) ? 'misses' : classifyLookup(query, options)
    if (!kind) return
    const metrics = draft(entry)
    metrics[kind]++
    countLookup(metrics.scopes, scopeName(query), kind)
    countLookup(metrics.tiers, tierName(query), kind)
  }

  const onQueryEvent = (event: QueryCacheNotifyEvent) => {
    const { query } = event
    memory(event)
    switch (event.type) {
      case 'observerAdded':
        return mounts.isReturning(event.observer, query) ? undefined : lookup(query, event.observer.options)
      case 'observerRemoved':
        return mounts.left(event.observer, query)
      case 'removed':
        started.delete(query.queryHash)
        return mounts.removed(query)
      case 'updated':
        break
      default:
        return
    }
    const { action } = event
    switch (action.type) {
      case 'fetch':
        mounts.fetched(query)
        started.set(query.queryHash, performance.now())
        draft(entry).fetches++
        return
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
      if (event.action.type === 'pending' && !mutationsSeen.has(event.mutation)) {
        mutationsSeen.add(event.mutation)
        draft(entry).mutations++
      }
      if (event.action.type === 'error') draft(entry).mutationErrors++
    }),
    // A pass that only announces a mutation's `writes` (for other tabs) invalidated nothing here.
    subscribeInvalidations(client, ({ source, request }) => {
      if (request.length > 0) draft(entry).invalidations[source]++
    }),
    followStream(client, entry),
    followOutbox(client, entry),
  ]
  return () => {
    for (const stop of stops) stop()
  }
}

/**
 * Starts counting `client`'s cache metrics (read them with `useCacheMetrics` or `getCacheMetrics`).
 * Calls share one subscription; tracking stops when every returned unsubscribe has been called.
 * While tracking, the status of the stream `useInvalidationStream` opened for `client` is followed.
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
