// The scheduler of local invalidations (mutations, manual calls, tab relays): TanStack's
// `invalidateQueries` refetch, at once. Disabled and static queries are never refetched; a paused
// fetch (offline) is not waited for.
import type { Query } from '@tanstack/react-query'
import { inScope } from './invalidationRequest'
import type { Scheduler } from './runInvalidation'

const noop = () => {}

/** `cancelRefetch`: cancel a fetch in flight and start over (TanStack's default for invalidation). */
export function refetchAtOnce({ cancelRefetch }: { cancelRefetch: boolean }): Scheduler {
  return (reached) => {
    const fetches: Array<Promise<void>> = []
    reached.forEach((level, query: Query) => {
      if (!inScope(query.isActive(), level) || query.isDisabled() || query.isStatic()) return
      const promise = query.fetch(undefined, { cancelRefetch }).then(noop, noop)
      if (query.state.fetchStatus !== 'paused') fetches.push(promise)
    })
    return Promise.all(fetches).then(noop)
  }
}
