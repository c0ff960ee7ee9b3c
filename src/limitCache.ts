// Bounds a QueryClient's cache: beyond `maxQueries` queries (or `maxBytes` of estimated data), the least
// recently used inactive queries are removed, as TanStack's garbage collection would remove them later.
import { hashKey } from '@tanstack/react-query'
import type { Query, QueryCacheNotifyEvent, QueryClient } from '@tanstack/react-query'
import { ToolkitError } from './errors'
import type { CoreErrorCode } from './errors'
import { markEvicted } from './evictions'
import { describeValue } from './internal/describeValue'
import { estimateBytes } from './limit/estimateBytes'
import { optimisticKeys } from './limit/internal/optimisticKeys'

export interface LimitCacheOptions {
  /**
   * How many queries the cache holds before the least recently used inactive ones are evicted
   * (a whole number, or `Infinity` to bound by bytes only).
   * @example 10_000
   */
  maxQueries: number
  /**
   * How many bytes of data the cache holds before evicting, by a sampled estimate of each query's JSON
   * size (one byte per character; see the README).
   * @default Infinity
   * @example 50 * 1024 * 1024
   */
  maxBytes?: number
}

// `detail` is written as `process.env.NODE_ENV !== 'production' && …` at each call: production builds drop it.
const refuse = (detail: string | false): never => {
  throw new ToolkitError<CoreErrorCode>('invalid-options', detail ? `limitCache: ${detail}` : 'limitCache')
}

// Options come from app code that may be untyped: a bound that is not a number would bound nothing.
function checkBound(name: string, value: unknown, whole: boolean): number {
  const valid = typeof value === 'number' && value >= 0 && (value === Infinity || !whole || Number.isInteger(value))
  return valid
    ? value
    : refuse(
        process.env.NODE_ENV !== 'production' &&
          `${name} must be a ${whole ? 'whole ' : ''}number ≥ 0 or Infinity, got ${describeValue(value)}`,
      )
}

/** Never evicted: observed, fetching (or paused), or held by a pending mutation's optimistic layer. */
function inUse(query: Query, held: Set<string>): boolean {
  if (query.getObserversCount() > 0 || query.state.fetchStatus !== 'idle') return true
  if (held.size === 0) return false
  try {
    return held.has(hashKey(query.queryKey))
  } catch {
    return true
  }
}

const lastUse = (query: Query) => Math.max(query.state.dataUpdatedAt, query.state.errorUpdatedAt)

/**
 * Keeps `client`'s cache within `maxQueries` queries (and `maxBytes` of estimated data): past the bound,
 * the least recently used queries that are inactive (no observers, no fetch in flight, no pending
 * optimistic update) are removed from memory. "Used" means an observer came or left, a fetch ran, or the
 * data changed. A query created or used since the last pass is spared until the next one, so a component
 * rendering a new query gets to subscribe before it can be evicted. Returns a function that stops it.
 * @example const stopLimit = limitCache(queryClient, { maxQueries: 10_000 })
 */
export function limitCache(client: QueryClient, options: LimitCacheOptions): () => void {
  if (typeof options !== 'object' || options === null)
    refuse(process.env.NODE_ENV !== 'production' && `options must be an object, got ${describeValue(options)}`)
  const maxQueries = checkBound('maxQueries', options.maxQueries, true)
  const maxBytes = checkBound('maxBytes', options.maxBytes ?? Infinity, false)
  const countBytes = maxBytes !== Infinity
  const cache = client.getQueryCache()
  // Least recently used first (a Map keeps insertion order: a use moves the query to the end), each with
  // the pass it was last used before: a query used since the last pass is spared by the next one.
  const order = new Map<Query, number>()
  const sizes = new Map<Query, number>()
  let generation = 0
  let bytes = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  const over = () => order.size > maxQueries || bytes > maxBytes
  const schedule = () => {
    if (timer === undefined && over()) timer = setTimeout(pass, 0)
  }
  const measure = (query: Query) => {
    const size = estimateBytes(query.state.data)
    bytes += size - (sizes.get(query) ?? 0)
    sizes.set(query, size)
  }
  const touch = (query: Query, resized: boolean) => {
    order.delete(query)
    order.set(query, generation)
    if (resized && countBytes) measure(query)
    schedule()
  }
  const forget = (query: Query) => {
    bytes -= sizes.get(query) ?? 0
    sizes.delete(query)
    order.delete(query)
  }

  function pass() {
    timer = undefined
    const held = optimisticKeys(client)
    let spared = false
    for (const [query, used] of order) {
      if (!over()) break
      if (used === generation) spared = true
      else if (!inUse(query, held)) {
        markEvicted(query)
        // Fires `removed`, which forgets it (deleting from a Map while iterating it is safe).
        cache.remove(query)
      }
    }
    generation++
    if (spared) schedule()
  }

  const onEvent = (event: QueryCacheNotifyEvent) => {
    switch (event.type) {
      case 'added':
        return touch(event.query, true)
      case 'removed':
        return forget(event.query)
      case 'observerAdded':
      case 'observerRemoved':
        return touch(event.query, false)
      case 'updated': {
        const { type } = event.action
        if (type === 'fetch' || type === 'error') touch(event.query, false)
        else if (type === 'success' || type === 'setState') touch(event.query, true)
      }
    }
  }

  // Queries cached before the bound was set are ordered by their last update, and none is spared.
  for (const query of cache.getAll().sort((a, b) => lastUse(a) - lastUse(b))) {
    order.set(query, -1)
    if (countBytes) measure(query)
  }
  const unsubscribe = cache.subscribe(onEvent)
  schedule()
  return () => {
    unsubscribe()
    clearTimeout(timer)
    timer = undefined
    order.clear()
    sizes.clear()
  }
}
