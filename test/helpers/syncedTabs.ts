// Two tabs (two QueryClients) linked by `syncTabs` over a real BroadcastChannel with a name of their
// own, and a raw channel on that name so a test can speak as a third (hostile) tab.
import { QueryClient, QueryObserver } from '@tanstack/react-query'
import type { QueryKey } from '@tanstack/react-query'
import { tagsOption } from '../../src/internal/queryTags'
import { syncTabs } from '../../src/syncTabs'
import type { StopSyncTabs, SyncTabsOptions } from '../../src/syncTabs'

let channels = 0

export function syncedTabs(cleanups: Array<() => void>, options: SyncTabsOptions = {}) {
  const channelName = `test-tabs-${++channels}-${Math.random()}`
  const tabClient = () => new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } })
  const clientA = tabClient()
  const clientB = tabClient()
  const sync = (client: QueryClient): StopSyncTabs => {
    const stop = syncTabs(client, { channelName, ...options })
    cleanups.push(stop)
    return stop
  }
  const stopA = sync(clientA)
  const stopB = sync(clientB)
  const raw = new BroadcastChannel(channelName)
  cleanups.push(() => raw.close())
  /** Posts `payload` in the sync's envelope, as another tab would. */
  const postAsTab = (payload: unknown) => raw.postMessage({ rqt: 1, kind: 'invalidations', payload })
  return { channelName, clientA, clientB, stopA, stopB, sync, raw, postAsTab }
}

/** An observed query in `client` whose function counts its calls (and takes `ms` to answer). */
export function watchedQuery(
  cleanups: Array<() => void>,
  client: QueryClient,
  queryKey: QueryKey,
  options: { tags?: ReadonlyArray<string>; ms?: number; onSignal?: (signal: AbortSignal) => void } = {},
) {
  const counter = { fetches: 0 }
  // The counter and delay are the test's probes and knobs, not inputs of the query.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  const observer = new QueryObserver(client, {
    queryKey,
    // A definition's tags, as `defineQueries` attaches them.
    ...(options.tags && { [tagsOption]: () => options.tags }),
    queryFn: async ({ signal }) => {
      options.onSignal?.(signal)
      counter.fetches++
      await new Promise((resolve) => setTimeout(resolve, options.ms ?? 1))
      return counter.fetches
    },
    staleTime: Number.POSITIVE_INFINITY,
  } as ConstructorParameters<typeof QueryObserver>[1])
  cleanups.push(observer.subscribe(() => {}))
  return counter
}

export const isInvalidated = (client: QueryClient, key: QueryKey) =>
  client.getQueryCache().find({ queryKey: key, exact: true })?.state.isInvalidated ?? false

/** Lets a message cross the channel and the receiving tab answer it. */
export const crossing = () => new Promise<void>((resolve) => setTimeout(resolve, 30))
