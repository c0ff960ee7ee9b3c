// Keeps a client's outbox depth in step with the mutation outbox `/persist` registered for it in the shared
// slot (`src/openOutboxes.ts`). The slot may hold anything: a depth that is not two counts, or an outbox that
// throws, is dropped and counted.
import type { QueryClient } from '@tanstack/react-query'
import { openOutboxes, subscribeOpenOutboxes } from '../../openOutboxes'
import type { OpenOutbox } from '../../openOutboxes'
import type { OutboxMetrics } from '../CacheMetrics'
import { draft } from './metricsEntry'
import type { MetricsEntry } from './metricsEntry'
import { isFigure } from './validReport'

export function followOutbox(client: QueryClient, entry: MetricsEntry): () => void {
  let followed: OpenOutbox | undefined
  let unsubscribe = () => {}

  const read = () => {
    let depth: OutboxMetrics | undefined
    try {
      const { pending, failed } = followed!.depth()
      if (isFigure(pending) && isFigure(failed)) depth = { pending, failed }
    } catch {
      // Junk: counted below.
    }
    if (depth) draft(entry).outbox = depth
    else draft(entry).droppedReports++
  }

  const sync = () => {
    const { outboxes } = openOutboxes()
    let next: OpenOutbox | undefined
    for (let at = outboxes.length - 1; at >= 0 && !next; at--) if (outboxes[at]?.client === client) next = outboxes[at]
    if (next === followed) return
    unsubscribe()
    unsubscribe = () => {}
    followed = next
    if (!next) {
      draft(entry).outbox = undefined
      return
    }
    try {
      const stop: unknown = next.subscribe(read)
      if (typeof stop === 'function') unsubscribe = stop as () => void
    } catch {
      draft(entry).droppedReports++
    }
    read()
  }

  const stopWatching = subscribeOpenOutboxes(sync)
  sync()
  return () => {
    stopWatching()
    unsubscribe()
  }
}
