// Every invalidation the toolkit performs is announced here, per QueryClient, with its source:
// metrics count them and the live entry relays mutation invalidations to the app's other tabs.
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import type { RefetchType } from './protocol'

export type InvalidationSource = 'mutation' | 'stream' | 'tab' | 'manual'

export const invalidationSources: ReadonlyArray<InvalidationSource> = ['mutation', 'stream', 'tab', 'manual']

/**
 * Which invalidated queries to refetch: TanStack's `refetchType`. The wire (`RefetchType`) carries the
 * three a server or another tab may ask for; a local call may also ask for the inactive ones alone.
 */
export type RefetchScope = RefetchType | 'inactive'

export const refetchScopes: ReadonlyArray<RefetchScope> = ['active', 'inactive', 'all', 'none']

export type InvalidationRecord =
  | {
      type: 'keys'
      source: InvalidationSource
      keys: ReadonlyArray<QueryKey>
      exact: boolean
      refetch: RefetchScope
      /** How many queries matched. */
      matched: number
    }
  | {
      type: 'tags'
      source: InvalidationSource
      tags: ReadonlyArray<string>
      refetch: RefetchScope
      matched: number
    }
  | { type: 'all'; source: InvalidationSource; refetch: RefetchScope; matched: number }

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
