// Coalesces stream invalidations: everything that arrives within a frame is merged (keys deduped by
// hash, tags by name) and applied as one pass of the engine, refetched by the stream scheduler (jitter,
// active queries only by default, never cancelling a fetch in flight, never while the tab is hidden).
import type { QueryClient } from '@tanstack/react-query'
import type { RequestTarget } from '../../internal/invalidationRequest'
import { createRequestMerger } from '../../internal/mergeRequests'
import { runInvalidation } from '../../internal/runInvalidation'
import { createStreamScheduler, isHidden } from '../../internal/streamScheduler'
import type { Invalidation } from '../../protocol/types'

export interface InvalidationBatch {
  /** Queues an invalidation, or `'all'` to invalidate every query (`reset`, `resync`, missed replay). */
  push: (invalidation: Invalidation | 'all') => void
  close: () => void
}

export interface InvalidationBatchOptions {
  jitterMs: number
  random?: () => number
  /** Called for each key that could not be matched (an app's `queryKeyHashFn` threw); the rest apply. */
  onDrop?: () => void
}

const FRAME_MS = 16

/** The engine's request for one stream invalidation: converted here, at the edge, once. */
function toRequest(invalidation: Invalidation | 'all'): Array<RequestTarget> {
  if (invalidation === 'all') return [{ all: true, refetch: 'active' }]
  const { keys, tags, exact, refetch } = invalidation
  return [...keys.map((key) => ({ key, exact, refetch })), ...tags.map((tag) => ({ tag, refetch }))]
}

export function createInvalidationBatch(
  client: QueryClient,
  { jitterMs, random, onDrop }: InvalidationBatchOptions,
): InvalidationBatch {
  const scheduler = createStreamScheduler({ jitterMs, random })
  const pending = createRequestMerger()
  let frame: (() => void) | undefined
  /** A frame has begun since the last pass (so the next event may be applied at once). */
  let frameSinceFlush = true
  let cancelMark: (() => void) | undefined

  const flush = () => {
    frame = undefined
    markNextFrame()
    void runInvalidation(client, pending.take(), {
      source: 'stream',
      scheduler: scheduler.schedule,
      onMatchError: onDrop ?? (() => {}),
    })
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
      pending.add(toRequest(invalidation))
      request()
    },
    close: () => {
      frame?.()
      frame = undefined
      cancelMark?.()
      scheduler.close()
    },
  }
}
