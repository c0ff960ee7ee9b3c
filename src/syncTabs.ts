// Invalidations shared by the app's tabs: every pass of the engine in this tab (a mutation, a manual
// call, a stream event) is posted to the other tabs as one message and applied there as one pass, with
// or without an invalidation stream.
import type { QueryClient } from '@tanstack/react-query'
import { subscribeInvalidations } from './internal/invalidationEvents'
import type { InvalidationRequest } from './internal/invalidationRequest'
import { createRequestMerger } from './internal/mergeRequests'
import type { RequestMerger } from './internal/mergeRequests'
import { refetchAtOnce } from './internal/refetchAtOnce'
import { runInvalidation } from './internal/runInvalidation'
import { createStreamScheduler } from './internal/streamScheduler'
import { announcePass, atPassOrigin } from './tabs/shareClock'
import type { ShareFetches } from './tabs/shareFetches'
import { openTabChannel } from './tabs/tabChannel'
import { parseTabPass, toTabPass } from './tabs/tabPass'
import type { TabPass } from './tabs/tabPass'

export interface SyncTabsOptions {
  /**
   * The BroadcastChannel shared by the app's tabs. Tabs sync only with tabs using the same name.
   * @default 'react-query-toolkit:tabs'
   * @example 'acme-invalidations'
   */
  channelName?: string
  /**
   * A pass that began as a stream event in another tab is refetched here as the stream does it: after a
   * random delay in [0, jitterMs) per query, active queries only, never while this tab is hidden.
   * @default 1000
   * @example 250
   */
  jitterMs?: number
  /**
   * One fetch per browser: when several tabs need the same query at once, one tab fetches (it holds the
   * query's Web Lock) and the others settle with its `data` and `dataUpdatedAt`. `true` shares every
   * query but those of the `sensitive` tier; a predicate shares the queries it accepts; the options
   * object adds `sensitive`, `timeoutMs`, `maxSize`, `locks`. Without Web Locks each tab fetches itself.
   * @default false
   * @example { shareFetches: true }
   */
  shareFetches?: ShareFetches
}

/** Stops syncing (both ways) once every caller for this client and channel has stopped. */
export interface StopSyncTabs {
  (): void
  /** How many messages from other tabs were dropped: foreign, over the bounds, or malformed. */
  dropped: () => number
}

interface Instance {
  users: number
  dropped: number
  close: () => void
}

export const DEFAULT_CHANNEL = 'react-query-toolkit:tabs'
/** Messages that arrive within this window of a pass are merged into the next one. */
const WINDOW_MS = 16

const instances = new WeakMap<QueryClient, Map<string, Instance>>()
const connectedStreams = new WeakMap<QueryClient, number>()

/**
 * Marks `client` as connected to an invalidation stream itself (solo or leader) until the returned
 * release: passes that began as stream events in other tabs are not applied here then, since this tab
 * hears the same events on its own connection (applying both would fetch twice).
 */
export function holdStreamConnection(client: QueryClient): () => void {
  connectedStreams.set(client, (connectedStreams.get(client) ?? 0) + 1)
  let held = true
  return () => {
    if (!held) return
    held = false
    connectedStreams.set(client, connectedStreams.get(client)! - 1)
  }
}

/** Counts one more dropped message on `client`'s sync over channel `name` (a shared fetch's answer). */
export function countDropped(client: QueryClient, name: string): void {
  const instance = instances.get(client)?.get(name)
  if (instance) instance.dropped++
}

/**
 * Shares `client`'s invalidations with the app's other tabs (`shareFetches` is applied by the core entry's
 * `syncTabs`, in `shareFetches.ts`, so the stream's entry, which syncs without it, does not carry it). Calling it again for the same client and
 * channel returns a handle on the same sync (nothing is applied twice). Without BroadcastChannel (SSR,
 * old browsers) it does nothing.
 * @example const stop = syncTabs(queryClient)
 */
export function syncTabs(client: QueryClient, options: SyncTabsOptions = {}): StopSyncTabs {
  const name = options.channelName ?? DEFAULT_CHANNEL
  let byName = instances.get(client)
  if (!byName) instances.set(client, (byName = new Map()))
  let instance = byName.get(name)
  if (!instance) {
    const opened = open(client, name, options.jitterMs ?? 1000)
    if (!opened) return Object.assign(() => {}, { dropped: () => 0 })
    byName.set(name, (instance = opened))
  }
  const shared = instance
  shared.users++
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    if (--shared.users > 0) return
    shared.close()
    if (byName.get(name) === shared) byName.delete(name)
  }
  return Object.assign(stop, { dropped: () => shared.dropped })
}

function open(client: QueryClient, name: string, jitterMs: number): Instance | undefined {
  const instance: Instance = { users: 0, dropped: 0, close: () => {} }
  const channel = openTabChannel({
    name,
    kind: 'invalidations',
    validate: parseTabPass,
    onDrop: () => void instance.dropped++,
  })
  if (!channel) return undefined
  const streamScheduler = createStreamScheduler({ jitterMs })
  const receiver = createReceiver((request, fromStream, at) => {
    if (fromStream && (connectedStreams.get(client) ?? 0) > 0) return
    const scheduler = fromStream ? streamScheduler.schedule : refetchAtOnce({ cancelRefetch: true })
    // Keys were validated as JSON on arrival; one that a `queryKeyHashFn` of this tab cannot hash is dropped.
    // Dated by the sender, so a fetch the sender began for this pass answers it here too.
    void atPassOrigin(at, () =>
      runInvalidation(client, request, { source: 'tab', scheduler, onMatchError: () => void instance.dropped++ }),
    )
  })
  const stops = [
    channel.subscribe(receiver.push),
    // Passes that came from another tab are not posted back: they would echo between tabs for ever.
    subscribeInvalidations(client, ({ source, request, written = [] }) => {
      if (source === 'tab') return
      // What this tab just wrote is fresh here, stale in the other tabs: there it is an exact-key target.
      const targets = [...request, ...written.map((key) => ({ key, exact: true, refetch: 'active' as const }))]
      const pass = toTabPass(source, targets)
      if (!pass) return
      const at = Date.now()
      announcePass(at)
      channel.post({ ...pass, at })
    }),
  ]
  instance.close = () => {
    stops.forEach((stop) => stop())
    receiver.close()
    streamScheduler.close()
    channel.close()
  }
  return instance
}

/**
 * Each message is one pass; but a flood of them (a tab looping over mutations, or a hostile one) would
 * cancel and restart the refetch of a query once per message. The first message after a quiet window
 * is applied at once; those that follow within the window are merged into one pass per kind.
 */
function createReceiver(apply: (request: InvalidationRequest, fromStream: boolean, at?: number) => void) {
  const waiting = { local: createRequestMerger(), stream: createRequestMerger() }
  /** The earliest `at` of the passes merged per kind: the merged pass began with the first. */
  const began = new Map<RequestMerger, number | undefined>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let last = -Infinity

  const flush = () => {
    timer = undefined
    last = Date.now()
    const pending: Array<[RequestMerger, boolean]> = [
      [waiting.local, false],
      [waiting.stream, true],
    ]
    for (const [merger, fromStream] of pending) {
      if (merger.size === 0) continue
      const at = began.get(merger)
      began.delete(merger)
      apply(merger.take(), fromStream, at)
    }
  }

  return {
    push: ({ origin, request, at }: TabPass) => {
      const merger = origin === 'stream' ? waiting.stream : waiting.local
      // Undated passes (an older sender) count as begun now.
      const earliest = merger.size === 0 ? at : Math.min(at ?? Date.now(), began.get(merger) ?? Date.now())
      began.set(merger, earliest)
      merger.add(request)
      if (timer !== undefined) return
      const wait = last + WINDOW_MS - Date.now()
      if (wait <= 0) flush()
      else timer = setTimeout(flush, wait)
    },
    close: () => clearTimeout(timer),
  }
}
