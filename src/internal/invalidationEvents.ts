// Every invalidation pass is announced here, once, per QueryClient: metrics count them by source and
// `syncTabs` posts them to the app's other tabs.
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import type { InvalidationRequest, Source } from './invalidationRequest'

export interface InvalidationRecord {
  source: Source
  /** The targets the pass applied (a key that could not be matched is left out). */
  request: InvalidationRequest
  /** How many distinct queries the pass reached. */
  matched: number
  /**
   * Keys the caller has just written with the server's answer (a mutation's `writes`), which the pass left
   * alone here. They are not invalidations of this tab's data; other tabs refetch their copies of them.
   */
  written?: ReadonlyArray<QueryKey>
}

type Listener = (record: InvalidationRecord) => void

const listenersByClient = new WeakMap<QueryClient, Set<Listener>>()

export function subscribeInvalidations(client: QueryClient, listener: Listener): () => void {
  let listeners = listenersByClient.get(client)
  if (!listeners) {
    listeners = new Set()
    listenersByClient.set(client, listeners)
  }
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/**
 * Tells every listener, each in isolation: a listener that throws (a metrics store, the tab relay) is
 * reported and skipped, never allowed to stop the invalidation or the listeners after it.
 */
export function emitInvalidation(client: QueryClient, record: InvalidationRecord): void {
  const listeners = listenersByClient.get(client)
  if (!listeners) return
  for (const listener of listeners) {
    try {
      listener(record)
    } catch (error) {
      console.error('[react-query-toolkit] an invalidation listener threw', error)
    }
  }
}
