// Coalesces stream invalidations: everything that arrives within a frame is merged (keys deduped
// by hash, tags by name), applied in one pass through the key index, and refetched with jitter, active
// queries only by default, never cancelling a fetch in flight and never while the tab is hidden.
import { hashKey, notifyManager } from '@tanstack/react-query'
import type { Query, QueryClient } from '@tanstack/react-query'
import { emitInvalidation } from '../../internal/invalidationEvents'
import type { Invalidation, RefetchType, WireKey } from '../../internal/protocol'
import { getQueryIndex } from '../../queryIndex'

/** `none` < `active` < `all`: merged events refetch as much as the widest of them asks. */
const refetchTypes: ReadonlyArray<RefetchType> = ['none', 'active', 'all']
const levelOf = (refetch: RefetchType) => refetchTypes.indexOf(refetch)

export interface InvalidationBatch {
  /** Queues an invalidation, or `'all'` to invalidate every query (`reset`, `resync`, missed replay). */
  push: (invalidation: Invalidation | 'all') => void
  close: () => void
}

export interface InvalidationBatchOptions {
  jitterMs: number
  random?: () => number
}

const noop = () => {}

const FRAME_MS = 16

const isHidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden'

export function createInvalidationBatch(
  client: QueryClient,
  { jitterMs, random = Math.random }: InvalidationBatchOptions,
): InvalidationBatch {
  let keys = new Map<string, { key: WireKey; exact: boolean; level: number }>()
  let tags = new Map<string, number>()
  let all = -1
  let frame: (() => void) | undefined
  /** A frame has begun since the last pass (so the next event may be applied at once). */
  let frameSinceFlush = true
  let cancelMark: (() => void) | undefined
  let closed = false
  const timers = new Set<ReturnType<typeof setTimeout>>()
  /** Refetches waiting for a hidden tab to become visible. */
  const deferred = new Map<Query, number>()

  const onVisible = () => {
    if (isHidden()) return
    document.removeEventListener('visibilitychange', onVisible)
    const waiting = [...deferred]
    deferred.clear()
    schedule(waiting)
  }

  // A stream refetch runs only if nothing refreshed the query meanwhile (a focus refetch, a mount),
  // so waking a hidden tab never fetches a query twice.
  const refetch = (query: Query, level: number) => {
    if (isHidden()) return defer(query, level)
    if (!query.state.isInvalidated || query.isStatic()) return
    if (level === 1 ? !query.isActive() : query.isDisabled()) return
    query.fetch(undefined, { cancelRefetch: false }).catch(() => {})
  }

  const defer = (query: Query, level: number) => {
    if (deferred.size === 0) document.addEventListener('visibilitychange', onVisible)
    deferred.set(query, Math.max(level, deferred.get(query) ?? 0))
  }

  // Delays are drawn per query in [0, jitterMs) and grouped into 16 ms slots: one timer per slot.
  const schedule = (targets: Iterable<[Query, number]>) => {
    const slots = new Map<number, Array<[Query, number]>>()
    for (const target of targets) {
      if (target[1] === 0) continue
      const slot = Math.floor((random() * jitterMs) / 16)
      const list = slots.get(slot)
      if (list) list.push(target)
      else slots.set(slot, [target])
    }
    slots.forEach((list, slot) => {
      const run = () => notifyManager.batch(() => list.forEach(([query, level]) => refetch(query, level)))
      if (slot === 0) return run()
      const timer = setTimeout(() => {
        timers.delete(timer)
        run()
      }, slot * 16)
      timers.add(timer)
    })
  }

  const flush = () => {
    frame = undefined
    markNextFrame()
    const index = getQueryIndex(client)
    const targets = new Map<Query, number>()
    const mark = (queries: Iterable<Query>, level: number) => {
      let matched = 0
      for (const query of queries) {
        const previous = targets.get(query)
        if (previous === undefined) matched++
        if (previous === undefined || level > previous) targets.set(query, level)
      }
      return matched
    }
    if (all >= 0) {
      const matched = mark(client.getQueryCache().getAll(), all)
      emitInvalidation(client, { type: 'all', source: 'stream', refetch: refetchTypes[all]!, matched })
    }
    if (keys.size > 0) {
      let matched = 0
      let level = 0
      let exact = true
      for (const entry of keys.values()) {
        matched += mark(index.matchKey(entry.key, { exact: entry.exact }), entry.level)
        level = Math.max(level, entry.level)
        exact &&= entry.exact
      }
      const list = [...keys.values()].map((entry) => entry.key)
      emitInvalidation(client, { type: 'keys', source: 'stream', keys: list, exact, refetch: refetchTypes[level]!, matched })
    }
    if (tags.size > 0) {
      let matched = 0
      let level = 0
      tags.forEach((tagLevel, tag) => {
        matched += mark(index.matchTags([tag]), tagLevel)
        level = Math.max(level, tagLevel)
      })
      emitInvalidation(client, { type: 'tags', source: 'stream', tags: [...tags.keys()], refetch: refetchTypes[level]!, matched })
    }
    keys = new Map()
    tags = new Map()
    all = -1
    notifyManager.batch(() => targets.forEach((_, query) => query.invalidate()))
    const ready: Array<[Query, number]> = []
    targets.forEach((level, query) => {
      const inFlight = query.state.fetchStatus === 'fetching' ? query.promise : undefined
      if (!inFlight) return void ready.push([query, level])
      // That fetch may have been answered before this event was published: joining it would keep its
      // older data, and its success clears the invalidation. Never cancel it; once it settles,
      // invalidate again and refetch as usual.
      void inFlight.then(noop, noop).then(() => {
        if (closed) return
        query.invalidate()
        schedule([[query, level]])
      })
    })
    schedule(ready)
  }

  // Each frame (or timer slot where there are no frames) gets at most one pass.
  const nextFrame = (callback: () => void): (() => void) => {
    if (typeof requestAnimationFrame === 'function' && !isHidden()) {
      const id = requestAnimationFrame(callback)
      return () => cancelAnimationFrame(id)
    }
    const id = setTimeout(callback, FRAME_MS)
    return () => clearTimeout(id)
  }

  const markNextFrame = () => {
    frameSinceFlush = false
    cancelMark = nextFrame(() => {
      cancelMark = undefined
      frameSinceFlush = true
    })
  }

  // The first event after a frame without a pass is applied at once, with the rest of its chunk (they
  // arrive in the same task); events that follow within the frame of that pass wait for the next one.
  const request = () => {
    if (frame) return
    if (frameSinceFlush) {
      let cancelled = false
      queueMicrotask(() => cancelled || flush())
      frame = () => void (cancelled = true)
    } else {
      frame = nextFrame(flush)
    }
  }

  return {
    push: (invalidation) => {
      if (invalidation === 'all') {
        all = Math.max(all, 1)
      } else {
        const level = levelOf(invalidation.refetch)
        for (const key of invalidation.keys) {
          const id = (invalidation.exact ? '=' : '~') + hashKey(key)
          const entry = keys.get(id)
          if (entry) entry.level = Math.max(entry.level, level)
          else keys.set(id, { key, exact: invalidation.exact, level })
        }
        for (const tag of invalidation.tags) tags.set(tag, Math.max(level, tags.get(tag) ?? 0))
      }
      request()
    },
    close: () => {
      closed = true
      frame?.()
      frame = undefined
      cancelMark?.()
      timers.forEach(clearTimeout)
      timers.clear()
      deferred.clear()
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisible)
    },
  }
}
