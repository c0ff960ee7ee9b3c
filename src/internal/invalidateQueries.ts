// Invalidates a set of queries already found through the index, then refetches them the way
// `queryClient.invalidateQueries` does, so the two paths behave alike.
import { notifyManager } from '@tanstack/react-query'
import type { Query } from '@tanstack/react-query'
import type { RefetchType } from './protocol'

export interface RefetchBehaviour {
  refetch: RefetchType
  /** Cancel a fetch already in flight and start over (TanStack's default for invalidation). */
  cancelRefetch: boolean
}

export function invalidateQueries(
  queries: Iterable<Query>,
  { refetch, cancelRefetch }: RefetchBehaviour,
): Promise<void> {
  return notifyManager.batch(() => {
    const matched = [...queries]
    for (const query of matched) query.invalidate()
    if (refetch === 'none') return Promise.resolve()
    const promises = matched
      .filter((query) => (refetch === 'all' || query.isActive()) && !query.isDisabled() && !query.isStatic())
      .map((query) => {
        const promise = query.fetch(undefined, { cancelRefetch }).then(noop, noop)
        return query.state.fetchStatus === 'paused' ? Promise.resolve() : promise
      })
    return Promise.all(promises).then(noop)
  })
}

function noop(): void {}
