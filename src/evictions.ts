// The queries `limitCache` evicted, in a global symbol-keyed slot: the QueryCache's `removed` event of an
// evicted query carries no reason, so readers (the metrics, the persister) ask here whether a removal was an
// eviction, and neither imports `limitCache`. Any script may write the slot; readers treat it as untrusted.

// Versioned: another copy of the package with another slot shape must not share this one.
const SLOT = Symbol.for('react-query-toolkit.evictions.v1')

/** Evicted query objects: held weakly, so a marker lives exactly as long as the removed query. */
function evictedQueries(): WeakSet<object> {
  const realm = globalThis as { [SLOT]?: unknown }
  const found = realm[SLOT]
  if (found instanceof WeakSet) return found as WeakSet<object>
  const fresh = new WeakSet<object>()
  realm[SLOT] = fresh
  return fresh
}

/** Marks `query` as evicted; call it right before `queryCache.remove(query)`. */
export function markEvicted(query: object): void {
  evictedQueries().add(query)
}

/** Whether the removal of `query` (in a `removed` event) was an eviction by `limitCache`. */
export function wasEvicted(query: object): boolean {
  return evictedQueries().has(query)
}
