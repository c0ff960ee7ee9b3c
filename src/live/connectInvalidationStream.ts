// The invalidation stream client: one connection per browser (a leader tab relays to the others),
// protocol v1 events validated, coalesced and applied through the key index, status in a zustand store.
import type { QueryClient } from '@tanstack/react-query'
import type { StreamEvent } from '../protocol/types'
import { parseStreamEvent } from '../protocol/validate'
import { holdStreamConnection, syncTabs } from '../syncTabs'
import { openTabChannel } from '../tabs/tabChannel'
import { createInvalidationBatch } from './internal/createInvalidationBatch'
import { registerStream } from './internal/currentStream'
import { isEventId } from './internal/eventId'
import { createResumePoint, defaultResumeStorage } from './internal/resumePoint'
import { DEFAULT_MIN_DELAY_MS, openEventStream } from './internal/openEventStream'
import type { EventStream } from './internal/openEventStream'
import { toTabMessage } from './internal/tabMessage'
import { throttleReconnects } from './internal/throttleReconnects'
import type { TabMessage } from './internal/tabMessage'
import { createStreamStatusStore } from './streamStatus'
import type { StreamStatusStore } from './streamStatus'

/** Request headers, or a function returning them (async allowed), called before each connection attempt. */
export type HeadersSource = HeadersInit | (() => HeadersInit | Promise<HeadersInit>)

/** Where a stream keeps its last event id across page loads (`localStorage` and `sessionStorage` fit). */
export interface ResumeStorage {
  getItem: (key: string) => string | null
  setItem: (key: string, value: string) => void
  /** Used, when present, to delete a kept value that is not a valid id. */
  removeItem?: (key: string) => void
}

/** The part of the Web Locks API the leader election uses (`navigator.locks` fits). */
export interface TabLocks {
  request: (name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>) => Promise<unknown>
}

export interface InvalidationStreamOptions {
  /**
   * The stream endpoint (protocol v1, `text/event-stream`).
   * @example '/api/invalidations'
   */
  url: string
  /**
   * Request headers, or a function returning them (async allowed), called before every connection
   * attempt so a refreshed token is always used.
   * @default undefined
   * @example async () => ({ Authorization: `Bearer ${await getToken()}` })
   */
  headers?: HeadersSource
  /**
   * Send cookies with a cross-origin request (`credentials: 'include'`).
   * @default false
   * @example true
   */
  withCredentials?: boolean
  /**
   * `'tabs'`: the tabs of this origin share one connection (Web Locks elect a leader, BroadcastChannel
   * relays); each tab connects itself where either API is missing. `false`: this tab connects itself.
   * @default 'tabs'
   * @example false
   */
  share?: 'tabs' | false
  /**
   * Refetches caused by the stream start after a random delay in [0, jitterMs), per query, so a
   * popular event does not make every client fetch at the same instant.
   * @default 1000
   * @example 250
   */
  jitterMs?: number
  /**
   * Reconnection backoff: a random delay in [minDelayMs, minDelayMs + min(maxDelayMs, base · 2^attempt)),
   * where `base` is `initialDelayMs` until the server sends `retry:` (clamped to [minDelayMs, maxDelayMs]).
   * A 503 or 429 with `Retry-After` (up to 10 minutes) raises the floor of that one wait.
   * @default { initialDelayMs: 1000, maxDelayMs: 30000, minDelayMs: 1000 }
   * @example { initialDelayMs: 500, maxDelayMs: 60000 }
   */
  retry?: { initialDelayMs?: number; maxDelayMs?: number; minDelayMs?: number }
  /**
   * A connection that delivers no bytes (events, pings or comments) for this long is dropped and
   * retried. `0` turns the watchdog off.
   * @default 45000
   * @example 90000
   */
  heartbeatTimeoutMs?: number
  /**
   * The leader-election lock implementation.
   * @default globalThis.navigator.locks
   * @example { request: (name, options, callback) => navigator.locks.request(name, options, callback) }
   */
  locks?: TabLocks
  /**
   * The `fetch` used for the stream.
   * @default globalThis.fetch
   * @example (input, init) => fetch(input, { ...init, mode: 'cors' })
   */
  fetch?: typeof fetch
  /**
   * Name of the lock and BroadcastChannel shared by the tabs of this stream.
   * @default `react-query-toolkit:live:${url}`
   * @example 'acme-invalidations'
   */
  channelName?: string
  /**
   * Where the last event id is kept across page loads, so a new page resumes the stream (the hub replays
   * what it missed) instead of starting blind. `false` keeps it in memory only.
   * @default globalThis.localStorage when available
   * @example resumeStorage: sessionStorage
   */
  resumeStorage?: ResumeStorage | false
}

export interface InvalidationStream {
  /** Closes the connection (a leader hands the stream over to another tab) and every listener. */
  close: () => void
  /** Connects again now, after `unauthorized` (a refreshed token) or `closed` (204) or to skip a wait. */
  reconnect: () => void
  /** The status store of this stream. */
  status: StreamStatusStore
}

/**
 * Connects `client` to an invalidation stream. Matching queries are invalidated as events arrive.
 * @example const stream = connectInvalidationStream(queryClient, { url: '/api/invalidations' })
 */
export function connectInvalidationStream(client: QueryClient, options: InvalidationStreamOptions): InvalidationStream {
  const { url, share = 'tabs' } = options
  const name = options.channelName ?? `react-query-toolkit:live:${url}`
  const locks = options.locks ?? (globalThis.navigator as { locks?: TabLocks } | undefined)?.locks
  const status = createStreamStatusStore('solo')
  const { setState, getState } = status
  const resumePoint = createResumePoint(
    options.resumeStorage === false ? undefined : (options.resumeStorage ?? defaultResumeStorage()),
    `${name}:last-event-id`,
  )
  setState({ lastEventId: resumePoint.read() })
  const jitterMs = options.jitterMs ?? 1000
  const drop = () => setState({ dropped: getState().dropped + 1 })
  const batch = createInvalidationBatch(client, { jitterMs, onDrop: drop })
  const channel =
    share === 'tabs' ? openTabChannel({ name, kind: 'live', validate: toTabMessage, onDrop: drop }) : undefined
  const cleanups: Array<() => void> = [registerStream(status, client), batch.close]
  // The passes this stream applies reach the other tabs through `syncTabs`, as mutations' do, and a
  // follower applies the leader's that way (with the stream's storm protection), not from relayed events.
  if (channel) cleanups.push(syncTabs(client, { jitterMs }))
  let transport: EventStream | undefined
  const tabReconnects = throttleReconnects(options.retry?.minDelayMs ?? DEFAULT_MIN_DELAY_MS, () =>
    transport?.reconnect(),
  )
  /** The cache has been kept current before (an earlier connection, or relays as a follower). */
  let followedBefore = false
  let reconnected = false
  let resumable = false
  /** This connection has begun with a `hello` (or shown it never will). */
  let greeted = false

  // Events may have been missed since the last connection: if the server cannot replay them (or we have
  // no id to resume from), invalidate everything rather than miss one.
  const greet = (replay: boolean) => {
    greeted = true
    if (!reconnected || (replay && resumable)) return
    batch.push('all')
  }

  const apply = (event: StreamEvent) => {
    // A follower keeps the ids and counts; the leader's passes reach it through `syncTabs`.
    if (channel && !transport) return
    // A server that skips `hello` (or sends a malformed one) has not said it replays.
    if (transport && !greeted && event.type !== 'hello') greet(false)
    switch (event.type) {
      case 'hello':
        if (transport) greet(event.replay)
        return
      case 'invalidate':
        return batch.push(event)
      case 'reset':
      case 'resync':
        return batch.push('all')
      case 'ping':
        return
    }
  }

  const receive = (eventName: string | undefined, data: string, received: string | undefined) => {
    // An id that could not go back as a header is ignored: not kept, not stored, not relayed. `''` resets.
    const id = received === '' || isEventId(received) ? received : undefined
    if (id !== undefined) {
      setState({ lastEventId: id || undefined })
      // The tab holding the connection keeps the id for the next page load; followers hear the same ids.
      if (transport) resumePoint.write(id)
    }
    const result = parseStreamEvent(eventName, data)
    if (result.ok === 'ignored') return
    if (!result.ok) return drop()
    setState({ received: getState().received + 1 })
    apply(result.event)
    if (getState().role === 'leader') channel?.post({ t: 'event', name: result.event.type, data, id })
  }

  const lead = () => {
    setState({ role: channel && locks ? 'leader' : 'solo', state: 'connecting' })
    if (channel && locks) {
      cleanups.push(
        status.subscribe((next, previous) => {
          if (next.state !== previous.state) channel.post({ t: 'state', state: next.state })
        }),
      )
    }
    transport = openEventStream(
      options,
      status,
      () => {
        resumable = Boolean(getState().lastEventId)
        // Resuming from an id kept by an earlier page is a reconnection too: if the server cannot
        // replay from it, what that page cached (and persisted) may have missed events.
        reconnected = followedBefore || resumable
        followedBefore = true
        greeted = false
      },
      (message) => receive(message.event, message.data, message.id),
    )
    cleanups.push(transport.close, tabReconnects.close, holdStreamConnection(client))
  }

  // One answer for a burst of `sync` requests (a flood would otherwise make every tab hear each answer).
  let syncTimer: ReturnType<typeof setTimeout> | undefined
  const answerSync = () => {
    syncTimer ??= setTimeout(() => {
      syncTimer = undefined
      channel?.post({ t: 'state', state: getState().state })
    })
  }
  cleanups.push(() => clearTimeout(syncTimer))

  const onTabMessage = (message: TabMessage) => {
    switch (message.t) {
      case 'event':
        if (transport) return
        followedBefore = true
        return receive(message.name, message.data, message.id)
      case 'state':
        if (transport) return
        followedBefore ||= message.state === 'open'
        return setState({ state: message.state })
      case 'sync':
        return transport && answerSync()
      case 'reconnect':
        return transport && tabReconnects.request()
    }
  }

  if (channel) {
    cleanups.push(channel.close, channel.subscribe(onTabMessage))
  }

  if (channel && locks) {
    setState({ role: 'follower' })
    const abort = new AbortController()
    let release: (() => void) | undefined
    cleanups.push(() => {
      abort.abort()
      release?.()
    })
    locks
      .request(name, { signal: abort.signal }, () =>
        abort.signal.aborted
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              release = resolve
              lead()
            }),
      )
      .catch(() => {})
    channel.post({ t: 'sync' })
  } else {
    lead()
  }

  let closed = false
  return {
    close: () => {
      closed = true
      cleanups.splice(0).forEach((cleanup) => cleanup())
      setState({ state: 'closed' })
    },
    reconnect: () => {
      if (closed) return
      if (transport) transport.reconnect()
      else channel?.post({ t: 'reconnect' })
    },
    status,
  }
}
