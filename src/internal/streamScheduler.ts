// The scheduler of stream invalidations (and of stream passes relayed by another tab), built against
// refetch storms: delays jittered per query, active queries only by default, never a cancelled fetch,
// nothing while the tab is hidden.
import { notifyManager } from '@tanstack/react-query'
import type { Query } from '@tanstack/react-query'
import { inScope } from './invalidationRequest'
import type { Level } from './invalidationRequest'
import type { Scheduler } from './runInvalidation'

export interface StreamScheduler {
  schedule: Scheduler
  close: () => void
}

export interface StreamSchedulerOptions {
  /** Refetches start after a random delay in [0, jitterMs), per query. */
  jitterMs: number
  random?: () => number
}

const SLOT_MS = 16
const noop = () => {}

export const isHidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden'

export function createStreamScheduler({ jitterMs, random = Math.random }: StreamSchedulerOptions): StreamScheduler {
  let closed = false
  const timers = new Set<ReturnType<typeof setTimeout>>()
  /** Refetches waiting for a hidden tab to become visible. */
  const deferred = new Map<Query, Level>()

  const onVisible = () => {
    if (isHidden()) return
    document.removeEventListener('visibilitychange', onVisible)
    const waiting = [...deferred]
    deferred.clear()
    spread(waiting)
  }

  const defer = (query: Query, level: Level) => {
    if (deferred.size === 0) document.addEventListener('visibilitychange', onVisible)
    deferred.set(query, ((deferred.get(query) ?? 0) | level) as Level)
  }

  // A stream refetch runs only if nothing refreshed the query meanwhile (a focus refetch, a mount),
  // so waking a hidden tab never fetches a query twice.
  const refetch = (query: Query, level: Level) => {
    if (isHidden()) return defer(query, level)
    if (!query.state.isInvalidated || query.isStatic() || query.isDisabled()) return
    if (!inScope(query.isActive(), level)) return
    query.fetch(undefined, { cancelRefetch: false }).catch(noop)
  }

  // Delays are drawn per query in [0, jitterMs) and grouped into 16 ms slots: one timer per slot.
  const spread = (targets: Iterable<[Query, Level]>) => {
    const slots = new Map<number, Array<[Query, Level]>>()
    for (const target of targets) {
      if (target[1] === 0) continue
      const slot = Math.floor((random() * jitterMs) / SLOT_MS)
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
      }, slot * SLOT_MS)
      timers.add(timer)
    })
  }

  const schedule: Scheduler = (reached, invalidate) => {
    const ready: Array<[Query, Level]> = []
    reached.forEach((level, query) => {
      const inFlight = query.state.fetchStatus === 'fetching' ? query.promise : undefined
      if (!inFlight) return void ready.push([query, level])
      // That fetch may have been answered before this event was published: joining it would keep its
      // older data, and its success clears the invalidation. Never cancel it; once it settles,
      // invalidate again and refetch as usual.
      void inFlight.then(noop, noop).then(() => {
        if (closed) return
        invalidate(query)
        spread([[query, level]])
      })
    })
    spread(ready)
    return Promise.resolve()
  }

  return {
    schedule,
    close: () => {
      closed = true
      timers.forEach(clearTimeout)
      timers.clear()
      deferred.clear()
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisible)
    },
  }
}
