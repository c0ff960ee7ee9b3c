// One metrics store per QueryClient. Changes accumulate in `next` and reach the store once per
// TanStack notify batch, so listeners never run inside a cache event (or a render that caused one).
import { notifyManager } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { CacheMetrics } from '../CacheMetrics'

export interface MetricsEntry {
  store: StoreApi<CacheMetrics>
  next: CacheMetrics
  scheduled: boolean
  /** Recent fetch durations (a ring of 256). */
  samples: Array<number>
  trackers: number
  stop: () => void
}

export const emptyMetrics = (): CacheMetrics => ({
  hits: 0,
  staleHits: 0,
  misses: 0,
  scopes: {},
  tiers: {},
  fetches: 0,
  errors: 0,
  latency: { p50: undefined, p95: undefined, count: 0 },
  invalidations: { mutation: 0, stream: 0, tab: 0, manual: 0 },
  mutations: 0,
  mutationErrors: 0,
  persistence: undefined,
  stream: undefined,
})

const entries = new WeakMap<QueryClient, MetricsEntry>()

export function metricsEntry(client: QueryClient): MetricsEntry {
  let entry = entries.get(client)
  if (!entry) {
    const next = emptyMetrics()
    entry = { store: createStore(() => next), next, scheduled: false, samples: [], trackers: 0, stop: () => {} }
    entries.set(client, entry)
  }
  return entry
}

export function publish(entry: MetricsEntry): void {
  if (!entry.scheduled) return
  entry.scheduled = false
  entry.store.setState(entry.next, true)
}

export function update(entry: MetricsEntry, change: (metrics: CacheMetrics) => Partial<CacheMetrics>): void {
  entry.next = { ...entry.next, ...change(entry.next) }
  if (entry.scheduled) return
  entry.scheduled = true
  notifyManager.schedule(() => publish(entry))
}
