// Tabs of one browser (QueryClients) sharing fetches: `syncTabs` with `shareFetches` over a real
// BroadcastChannel of their own name, one Web Locks manager (a tab's view each), and one counting API.
// A raw channel on that name lets a test speak as another (hostile) tab.
import { QueryClient, QueryObserver } from '@tanstack/react-query'
import type { QueryKey, QueryObserverOptions, QueryObserverResult } from '@tanstack/react-query'
import { syncTabs } from '../../../src/shareFetches'
import type { StopSyncTabs } from '../../../src/syncTabs'
import type { ShareFetchesOptions } from '../../../src/tabs/shareFetches'
import { createLockManager } from './webLocks'
import type { TabLockManager } from './webLocks'

let channels = 0

export interface Tab {
  client: QueryClient
  locks: TabLockManager
  stop: StopSyncTabs
  /** The tab goes away mid-work: its sync stops, its locks are released. */
  kill: () => void
}

/** A server the tabs fetch from: each request is counted and answered with the current version. */
export function createApi(ms = 10) {
  const api = {
    version: 1,
    requests: 0,
    /** Requests that never answer (a fetching tab stuck on a dead connection). */
    hang: false,
    /** The next request fails. */
    failNext: false,
    /** Requests made while paused answer once `resume` is called. */
    paused: undefined as Promise<void> | undefined,
    resume: () => {},
    pause: () => {
      api.paused = new Promise((resolve) => (api.resume = resolve))
    },
    fetch: async (): Promise<{ version: number }> => {
      api.requests++
      const version = api.version
      if (api.hang) return new Promise(() => {})
      const fail = api.failNext
      api.failNext = false
      await new Promise((resolve) => setTimeout(resolve, ms))
      await api.paused
      if (fail) throw new Error('api down')
      return { version }
    },
  }
  return api
}

export function sharedTabs(
  cleanups: Array<() => void>,
  count: number,
  options: ShareFetchesOptions | boolean | ((query: never) => boolean) = {},
  { jitterMs = 0 } = {},
) {
  const channelName = `test-share-${++channels}-${Math.random()}`
  const manager = createLockManager()
  const open = (): Tab => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } })
    const locks = manager.tab()
    const shareFetches = typeof options === 'object' ? { locks, ...options } : options
    const stop = syncTabs(client, { channelName, jitterMs, shareFetches: shareFetches as ShareFetchesOptions })
    const kill = () => {
      stop()
      locks.close()
    }
    cleanups.push(stop, () => client.clear())
    return { client, locks, stop, kill }
  }
  const tabs = Array.from({ length: count }, open)
  const raw = new BroadcastChannel(channelName)
  cleanups.push(() => raw.close())
  /** Posts a shared fetch's answer in the sync's envelope, as another tab would. */
  const answerAsTab = (payload: unknown) => raw.postMessage({ rqt: 1, kind: 'fetches', payload })
  return { channelName, manager, tabs, open, raw, answerAsTab }
}

/** An observed query in `client`: its results as they come. */
export function observe<TData>(
  cleanups: Array<() => void>,
  client: QueryClient,
  options: QueryObserverOptions<TData, Error, TData, TData, QueryKey>,
) {
  const observer = new QueryObserver(client, { staleTime: Number.POSITIVE_INFINITY, ...options })
  const results: Array<QueryObserverResult<TData>> = []
  cleanups.push(observer.subscribe((result) => results.push(result)))
  return { observer, results, current: () => observer.getCurrentResult() }
}

export const queryOf = (client: QueryClient, queryKey: QueryKey) =>
  client.getQueryCache().find({ queryKey, exact: true })

/** Lets messages cross the channel and the receiving tabs answer them. */
export const crossing = () => new Promise<void>((resolve) => setTimeout(resolve, 30))
