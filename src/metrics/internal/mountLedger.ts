// What an observer's subscription does not tell by itself, for classifying it as the lookup it really was.
// - React's StrictMode unsubscribes and resubscribes every observer in the same commit: coming back to the
//   same query within that task is the same lookup, not a new one.
// - A suspense reader (`useSuspenseQuery`) that found no data fetches while it suspends, with no observer,
//   and subscribes only once the data is there: it found no data, so it is a miss, not a hit. Every
//   observer that subscribes to that query in the commit that ends the suspension is one of those readers.
// Both records are kept until the next microtask: a later subscription is a new lookup, classified as usual.
import type { Query, QueryObserver } from '@tanstack/react-query'

export function createMountLedger() {
  const leaving = new Map<QueryObserver, Query>()
  const suspended = new Set<Query>()
  const resumed = new Set<Query>()
  let flushing = false

  const forget = () => {
    flushing = false
    leaving.clear()
    for (const query of resumed) suspended.delete(query)
    resumed.clear()
  }
  const later = () => {
    if (flushing) return
    flushing = true
    queueMicrotask(forget)
  }

  return {
    /** An observer left a query. */
    left(observer: QueryObserver, query: Query): void {
      leaving.set(observer, query)
      later()
    },
    /** Whether this subscription is the observer coming back within the same task (StrictMode). */
    isReturning(observer: QueryObserver, query: Query): boolean {
      if (leaving.get(observer) !== query) return false
      leaving.delete(observer)
      return true
    },
    /** A fetch started; it is a suspended read when nothing observes the query, it has no data and it suspends. */
    fetched(query: Query): void {
      if (
        query.getObserversCount() === 0 &&
        query.state.data === undefined &&
        (query.options as { suspense?: boolean }).suspense === true
      ) {
        suspended.add(query)
      }
    },
    /** Whether an observer subscribing now is a reader whose render suspended on an empty query. */
    isSuspendedRead(query: Query): boolean {
      if (!suspended.has(query)) return false
      resumed.add(query)
      later()
      return true
    },
    /** The query left the cache. */
    removed(query: Query): void {
      suspended.delete(query)
    },
  }
}
