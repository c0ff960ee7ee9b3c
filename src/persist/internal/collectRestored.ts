// One garbage-collection timer for a restored batch instead of query-core's one per query: 10,000
// `setTimeout`s were a quarter of a full restore in Chromium. The batch is built with no finite gcTime
// (query-core schedules nothing), then each query gets its real one. query-core schedules a query's
// own timer only when an observer comes or goes or a fetch ends; from the first of those events (or a
// fetch starting) the query's own timer decides, as it would have. This one removes, when due, the
// restored queries that saw none of them and are still the cache's, unobserved and idle: what their own
// timers, armed at the restore, would have removed then.
import { timeoutManager } from '@tanstack/react-query'
import type { Query, QueryCache } from '@tanstack/react-query'

/** Gives each built query `gcTime` and collects the untouched ones together after it (nothing for `Infinity`). */
export function collectRestored(cache: QueryCache, queries: Array<Query>, gcTime: number): void {
  for (const query of queries) {
    query.gcTime = gcTime
    query.options.gcTime = gcTime
  }
  // query-core's own rule for a timeout that can be armed.
  if (queries.length === 0 || !(gcTime >= 0 && gcTime !== Infinity)) return
  const untouched = new Set(queries)
  const unsubscribe = cache.subscribe((event) => {
    const { type, query } = event
    if (
      type === 'removed' ||
      type === 'observerAdded' ||
      type === 'observerRemoved' ||
      (type === 'updated' && event.action.type === 'fetch')
    ) {
      // Removed (it is no longer ours to collect) or on its own timer from now on.
      if (untouched.delete(query) && untouched.size === 0) stop()
    }
  })
  const timer = timeoutManager.setTimeout(() => {
    unsubscribe()
    // Still untouched: no observer came and no fetch started since the restore, so each is unused and idle.
    for (const query of untouched) cache.remove(query)
    untouched.clear()
  }, gcTime)
  const stop = (): void => {
    timeoutManager.clearTimeout(timer)
    unsubscribe()
  }
}
