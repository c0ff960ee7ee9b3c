// One metrics store per QueryClient. Events write into a draft copied once per TanStack notify batch,
// and the draft reaches the store when the batch's notifications run: listeners never run inside a
// cache event (or inside a render that caused one), and a burst of events costs one copy.
import { notifyManager } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import type { CacheLookups, CacheMetrics, ScopeMemory } from '../CacheMetrics'

type Counts = Record<string, CacheLookups>
type Memory = Record<string, ScopeMemory>

/** The draft: the snapshot's shape with writable counters. */
export type MetricsDraft = Omit<CacheMetrics, 'scopes' | 'tiers' | 'invalidations' | 'memory'> & {
  scopes: Counts
  tiers: Counts
  memory: Memory
  invalidations: Record<keyof CacheMetrics['invalidations'], number>
}

// The published snapshot and its listeners are all a store needs here: a hand-kept pair rather than
// zustand's store, which would add its code to this entry for `useSyncExternalStore` and one Set.
export interface MetricsEntry {
  /** The published snapshot, and the first one (what a server render and hydration read). */
  snapshot: CacheMetrics
  initial: CacheMetrics
  listeners: Set<() => void>
  next: MetricsDraft
  scheduled: boolean
  /** Recent fetch durations (a ring of `LATENCY_WINDOW`), and how many fetches were measured in all. */
  samples: Array<number>
  measured: number
  trackers: number
  stop: () => void
}

// Scope and tier names come from query keys and persisted meta: a name such as `__proto__` or
// `constructor` must be a plain entry, never a path to Object.prototype.
const noPrototype = <T = Counts>(): T => Object.create(null) as T

export const emptyMetrics = (): MetricsDraft => ({
  hits: 0,
  staleHits: 0,
  misses: 0,
  scopes: noPrototype(),
  tiers: noPrototype(),
  fetches: 0,
  errors: 0,
  latency: { p50: undefined, p95: undefined, count: 0 },
  invalidations: { mutation: 0, stream: 0, tab: 0, manual: 0 },
  mutations: 0,
  mutationErrors: 0,
  evictions: 0,
  memory: noPrototype(),
  outbox: undefined,
  persistence: undefined,
  stream: undefined,
  droppedReports: 0,
})

const copyCounts = <T extends Counts | Memory>(counts: T): T => {
  const copy = noPrototype<T>()
  for (const name in counts) copy[name] = { ...counts[name]! }
  return copy
}

const entries = new WeakMap<QueryClient, MetricsEntry>()

export function metricsEntry(client: QueryClient): MetricsEntry {
  let entry = entries.get(client)
  if (!entry) {
    const next = emptyMetrics()
    entry = {
      snapshot: next,
      initial: next,
      listeners: new Set(),
      next,
      scheduled: false,
      samples: [],
      measured: 0,
      trackers: 0,
      stop: () => {},
    }
    entries.set(client, entry)
  }
  return entry
}

export const LATENCY_WINDOW = 256

// Nearest-rank percentile of an ascending array.
const percentile = (sorted: Float64Array, p: number) => sorted[Math.ceil(p * sorted.length) - 1]

export function publish(entry: MetricsEntry): void {
  if (!entry.scheduled) return
  entry.scheduled = false
  const { next, samples, measured } = entry
  // Percentiles once per publish, not per fetch.
  if (next.latency.count !== measured) {
    const sorted = Float64Array.from(samples).sort()
    next.latency = { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), count: measured }
  }
  entry.snapshot = next
  for (const listener of entry.listeners) listener()
}

export function subscribe(entry: MetricsEntry, listener: () => void): () => void {
  entry.listeners.add(listener)
  return () => {
    entry.listeners.delete(listener)
  }
}

/** The draft to write into; the published snapshot is never written again. */
export function draft(entry: MetricsEntry): MetricsDraft {
  if (!entry.scheduled) {
    const { next } = entry
    entry.next = {
      ...next,
      scopes: copyCounts(next.scopes),
      tiers: copyCounts(next.tiers),
      memory: copyCounts(next.memory),
      invalidations: { ...next.invalidations },
    }
    entry.scheduled = true
    notifyManager.schedule(() => publish(entry))
  }
  return entry.next
}
