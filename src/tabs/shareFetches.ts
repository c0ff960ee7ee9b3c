// One fetch per browser: when several tabs need the same query at once, the tab that takes the query's
// Web Lock fetches and posts its answer; the others wait for it (their query is fetching all along) and
// settle with it. A waiting tab whose fetcher fails, closes or takes too long fetches itself.
import { hashKey } from '@tanstack/react-query'
import type { Query, QueryClient, QueryFunction, QueryFunctionContext } from '@tanstack/react-query'
import { parseShareAnswer } from './shareAnswer'
import type { ShareAnswer } from './shareAnswer'
import { invalidationTime } from './shareClock'
import { interceptFetches } from './shareWrap'
import type { KeyHasher } from './shareWrap'
import { exceedsSize, openTabChannel } from './tabChannel'

/** The part of the Web Locks API shared fetches use (`navigator.locks` fits). */
export interface ShareLocks {
  request: <T>(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => T | Promise<T>,
  ) => Promise<T>
}

export interface ShareFetchesOptions {
  /**
   * Which queries are shared. When given, it alone decides (so it may share `sensitive`-tier queries);
   * without it every query is shared except those of the `sensitive` tier.
   * @default undefined
   * @example (query) => query.queryKey[0] === 'projects'
   */
  filter?: (query: Query) => boolean
  /**
   * Share queries of the `sensitive` tier too (their data then crosses the BroadcastChannel).
   * @default false
   */
  sensitive?: boolean
  /**
   * How long a waiting tab waits for another tab's answer before it fetches itself.
   * @default 10000
   */
  timeoutMs?: number
  /**
   * Largest answer posted or accepted, in the size units of tab messages (about a character of JSON);
   * a larger one is not shared (every waiting tab then fetches itself).
   * @default 1048576 (1 Mi)
   */
  maxSize?: number
  /**
   * The Web Locks implementation.
   * @default globalThis.navigator.locks
   */
  locks?: ShareLocks
}

/** `true`: every query but the `sensitive` tier's; a predicate: the queries it accepts; or the options. */
export type ShareFetches = boolean | ((query: Query) => boolean) | ShareFetchesOptions

interface Share {
  users: number
  close: () => void
}

type Taker = (answer: ShareAnswer) => boolean

const MEMORY = 64
/** How long a waiting tab that gets the lock without an answer still listens for one. */
const CROSSING_MS = 50
const NOT_HELD = Symbol('not held')
const noop = () => {}
const shares = new WeakMap<QueryClient, Share>()

/** The Web Lock a tab holds while it fetches `hash` for the tabs of `channelName` (never starting with `-`, which is reserved). */
export const fetchLockName = (channelName: string, hash: string) => `rqt-fetch:${channelName}:${hash}`

/**
 * Shares `client`'s fetches with the other tabs on `channelName` until the returned stop (the first
 * caller's options hold while any caller shares). Does nothing without Web Locks or BroadcastChannel.
 */
export function shareFetches(
  client: QueryClient,
  channelName: string,
  setting: ShareFetches | undefined,
  onDrop: () => void,
): () => void {
  if (!setting) return noop
  let share = shares.get(client)
  if (!share) {
    share = open(
      client,
      channelName,
      setting === true ? {} : typeof setting === 'function' ? { filter: setting } : setting,
      onDrop,
    )
    if (!share) return noop
    shares.set(client, share)
  }
  const held = share
  held.users++
  let stopped = false
  return () => {
    if (stopped) return
    stopped = true
    if (--held.users > 0) return
    held.close()
    if (shares.get(client) === held) shares.delete(client)
  }
}

function open(client: QueryClient, channelName: string, options: ShareFetchesOptions, onDrop: () => void) {
  const locks = options.locks ?? (globalThis.navigator as { locks?: ShareLocks } | undefined)?.locks
  const { timeoutMs = 10_000, maxSize = 1024 * 1024 } = options
  const channel = locks
    ? openTabChannel({
        name: channelName,
        kind: 'fetches',
        maxSize,
        validate: parseShareAnswer,
        // Foreign envelopes on this channel name are counted once, by the invalidations' side.
        onDrop: (code) => void ((code === 'size' || code === 'payload') && onDrop()),
      })
    : undefined
  if (!locks || !channel) return undefined

  const cache = client.getQueryCache()
  const waiters = new Map<string, Set<Taker>>()
  /** Answers that reached an invalidated query before it refetched (a jittered stream refetch). */
  const recent = new Map<string, { answer: ShareAnswer; until: number }>()
  const invalidatedAt = new WeakMap<Query, number>()
  const stamps = new WeakMap<Query, number>()
  let closed = false

  const shared = (query: Query) =>
    options.filter ? options.filter(query) : query.meta?.tier !== 'sensitive' || options.sensitive === true

  /** Whether `answer` may settle `query`: its key, never older than what it holds, begun after the need. */
  const fits = (query: Query, answer: ShareAnswer) => {
    if (answer.hash !== query.queryHash || answer.dataUpdatedAt < query.state.dataUpdatedAt) return false
    if (query.state.isInvalidated && answer.startedAt < (invalidatedAt.get(query) ?? 0)) return false
    try {
      return (query.options.queryKeyHashFn ?? hashKey)(answer.key) === answer.hash
    } catch {
      return false
    }
  }

  // The query settles with the answer's data; its `dataUpdatedAt` is then set back to the answer's.
  const settle = (query: Query, answer: ShareAnswer) => {
    stamps.set(query, answer.dataUpdatedAt)
    return answer.data
  }

  const fetchAndAnswer = async (query: Query, original: QueryFunction, context: QueryFunctionContext) => {
    // Cancelled while the lock was being taken: no request for a fetch nobody waits for.
    context.signal.throwIfAborted()
    const startedAt = Date.now()
    const data: unknown = await original(context)
    if (!closed && !exceedsSize(data, maxSize)) {
      const key = query.queryKey as ShareAnswer['key']
      const answer = { hash: query.queryHash, key, data, startedAt, dataUpdatedAt: Date.now() }
      // This tab's query is stamped with the time it announces, so every tab holds the same one.
      settle(query, answer)
      try {
        channel.post(answer)
      } catch {
        // Data or key a structured clone refuses: the waiting tabs fetch themselves.
      }
    }
    return data
  }

  const wait = (
    query: Query,
    original: QueryFunction,
    context: QueryFunctionContext,
    signal: AbortSignal,
    lockName: string,
  ) =>
    new Promise<unknown>((resolve, reject) => {
      const lockWait = new AbortController()
      const hash = query.queryHash
      const takers = waiters.get(hash) ?? new Set<Taker>()
      waiters.set(hash, takers)
      let done = false
      let entered = false
      let wake = noop
      const finish = () => {
        done = true
        wake()
        clearTimeout(timer)
        takers.delete(take)
        if (takers.size === 0 && waiters.get(hash) === takers) waiters.delete(hash)
        signal.removeEventListener('abort', onAbort)
        lockWait.abort()
      }
      const take: Taker = (answer) => {
        if (done || !fits(query, answer)) return false
        finish()
        resolve(settle(query, answer))
        return true
      }
      const fetchHere = () => fetchAndAnswer(query, original, context).then(resolve, reject)
      const onAbort = () => {
        if (done) return
        finish()
        reject(signal.reason)
      }
      const timer = setTimeout(() => {
        if (done) return
        finish()
        void fetchHere()
      }, timeoutMs)
      takers.add(take)
      signal.addEventListener('abort', onAbort)
      if (signal.aborted) return onAbort()
      locks
        .request(lockName, { signal: lockWait.signal }, async () => {
          entered = true
          if (done) return
          // The lock is free: the fetching tab has settled (or closed). Its answer may still be crossing
          // the channel (no order holds between a lock and a message): give it a moment.
          await new Promise<void>((next) => {
            wake = next
            setTimeout(next, CROSSING_MS)
          })
          if (done) return
          finish()
          await fetchHere()
        })
        .catch(() => {
          // Refused before it was granted (not our own abort): no lock will tell when to fetch.
          if (entered || done) return
          finish()
          void fetchHere()
        })
    })

  const fetchShared = async (original: QueryFunction, context: QueryFunctionContext, hasher: KeyHasher) => {
    const query = cache.get(hasher(context.queryKey))
    // Pages of an infinite query are fetched one by one under one hash: never shared.
    if (closed || !query || 'pageParam' in context || !shared(query)) return original(context)
    // Read now, as a query function reading it would: unmounting the last observer while the lock is
    // being taken then cancels this fetch (TanStack's rule for a fetch that listens to its signal).
    const { signal } = context
    const kept = recent.get(query.queryHash)
    recent.delete(query.queryHash)
    if (kept && kept.until >= Date.now() && query.state.isInvalidated && fits(query, kept.answer)) {
      return settle(query, kept.answer)
    }
    const lockName = fetchLockName(channelName, query.queryHash)
    let entered = false
    let fetched: unknown
    try {
      fetched = await locks.request(lockName, { ifAvailable: true }, (lock) => {
        entered = true
        return lock ? fetchAndAnswer(query, original, context) : NOT_HELD
      })
    } catch (error) {
      // Web Locks refused (an opaque origin's SecurityError): fetch as without sharing.
      if (!entered) return original(context)
      throw error
    }
    return fetched === NOT_HELD ? wait(query, original, context, signal, lockName) : fetched
  }

  const receive = (answer: ShareAnswer) => {
    const takers = waiters.get(answer.hash)
    if (takers) {
      // Asked for, yet no waiting query takes it: another key, older than held, or begun before the need.
      if (![...takers].some((take) => take(answer))) onDrop()
      return
    }
    const query = cache.get(answer.hash)
    if (!query?.state.isInvalidated || !fits(query, answer)) return
    recent.delete(answer.hash)
    recent.set(answer.hash, { answer, until: Date.now() + timeoutMs })
    if (recent.size > MEMORY) recent.delete(recent.keys().next().value!)
  }

  const unsubscribeCache = cache.subscribe((event) => {
    if (event.type === 'removed') return void recent.delete(event.query.queryHash)
    if (event.type !== 'updated') return
    const { query, action } = event
    if (action.type === 'invalidate') invalidatedAt.set(query, invalidationTime())
    else if (action.type === 'error') stamps.delete(query)
    else if (action.type === 'success' && !action.manual) {
      const stamp = stamps.get(query)
      stamps.delete(query)
      if (stamp !== undefined && stamp < query.state.dataUpdatedAt) query.setState({ dataUpdatedAt: stamp })
    }
  })
  const stops = [channel.subscribe(receive), interceptFetches(client, fetchShared), unsubscribeCache]
  return {
    users: 0,
    close: () => {
      closed = true
      stops.forEach((stop) => stop())
      recent.clear()
      channel.close()
    },
  }
}
