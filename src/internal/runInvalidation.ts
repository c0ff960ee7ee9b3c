// The invalidation engine: a request is matched through the key index, announced as one pass, every
// query it reaches is invalidated once (this is the only module that calls `query.invalidate()`), and
// the reached queries, each with the widest scope that reached it, go to the scheduler the caller picked.
import { notifyManager } from '@tanstack/react-query'
import type { Query, QueryClient, QueryKey } from '@tanstack/react-query'
import { emitInvalidation } from './invalidationEvents'
import { levelOf } from './invalidationRequest'
import type { InvalidationRequest, Level, RequestTarget, Source } from './invalidationRequest'
import { getQueryIndex } from './queryIndex'

/**
 * Refetches what a pass reached. `invalidate` marks a query invalid again, for a scheduler that waits
 * (a fetch in flight may bring data older than the invalidation).
 */
export type Scheduler = (reached: ReadonlyMap<Query, Level>, invalidate: (query: Query) => void) => Promise<void>

export interface RunOptions {
  source: Source
  scheduler: Scheduler
  /**
   * Called for a key that could not be matched (an app's `queryKeyHashFn` that throws), which is then
   * left out and the rest applied. Without it the error is thrown before anything is invalidated.
   */
  onMatchError?: (error: unknown) => void
  /** Queries the pass must leave as they are (a mutation's `writes` just filled them with the server's answer). */
  spare?: (query: Query) => boolean
  /** The keys of the spared queries, announced with the pass (`InvalidationRecord.written`). */
  written?: ReadonlyArray<QueryKey>
}

const invalidate = (query: Query) => query.invalidate()

export function runInvalidation(
  client: QueryClient,
  request: InvalidationRequest,
  { source, scheduler, onMatchError, spare, written }: RunOptions,
): Promise<void> {
  const index = getQueryIndex(client)
  const reached = new Map<Query, Level>()
  const applied: Array<RequestTarget> = []
  for (const target of request) {
    let found: Iterable<Query>
    if ('all' in target) found = client.getQueryCache().getAll()
    else if ('tag' in target) found = index.matchTags([target.tag])
    else {
      try {
        found = index.matchKey(target.key, { exact: target.exact })
      } catch (error) {
        if (!onMatchError) throw error
        onMatchError(error)
        continue
      }
    }
    const level = levelOf(target.refetch)
    for (const query of found) {
      if (spare?.(query)) continue
      reached.set(query, ((reached.get(query) ?? 0) | level) as Level)
    }
    applied.push(target)
  }
  if (applied.length === 0 && !written?.length) return Promise.resolve()
  emitInvalidation(client, { source, request: applied, matched: reached.size, ...(written?.length && { written }) })
  return notifyManager.batch(() => {
    reached.forEach((_, query) => invalidate(query))
    return scheduler(reached, invalidate)
  })
}
