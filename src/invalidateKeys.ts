// Key-based invalidation through the index: the selection of `invalidateQueries({ queryKey, exact })`
// without a scan of every cached query.
import type { QueryClient } from '@tanstack/react-query'
import { localRequest } from './internal/localRequest'
import type { LocalTargets } from './internal/localRequest'
import type { KeyTarget } from './keyTargets'
import { refetchAtOnce } from './internal/refetchAtOnce'
import { runInvalidation } from './internal/runInvalidation'

/** Who caused an invalidation: counted by the cache metrics, and told to other tabs by `syncTabs`. */
export type InvalidationSource = 'mutation' | 'stream' | 'tab' | 'manual'

/**
 * Which invalidated queries to refetch: TanStack's `refetchType`. The stream protocol (`RefetchType`)
 * carries `active`, `all` and `none`; a local call or another tab may also ask for the inactive ones alone.
 */
export type RefetchScope = 'active' | 'inactive' | 'all' | 'none'

export interface InvalidateOptions {
  /**
   * Which of the invalidated queries to refetch now, as TanStack's `refetchType`: the active ones (an
   * enabled observer), the inactive ones, all, or none. Disabled and static queries are never refetched.
   * Any other value throws a `ToolkitError` (`invalid-options`) before anything is invalidated.
   * @default 'active'
   */
  refetch?: RefetchScope
  /**
   * Who caused the invalidation, as counted by the cache metrics.
   * @default 'manual'
   */
  source?: InvalidationSource
  /**
   * Cancel a fetch already in flight and start a new one, as `invalidateQueries` does.
   * @default true
   */
  cancelRefetch?: boolean
}

export interface InvalidateKeysOptions extends InvalidateOptions {
  /**
   * Match only queries whose key equals one of `keys`, rather than every key they prefix. Equal means
   * what TanStack's `exact` means: the same hash under the query's own `queryKeyHashFn` (so a cached
   * `Date` matches its ISO string, and an object with `toJSON` matches what it serialises to).
   * @default false
   */
  exact?: boolean
}

/**
 * Invalidates the queries matching any of `keys`, exactly those `invalidateQueries({ queryKey, exact })`
 * would, and refetches the active ones. Throws synchronously, before invalidating anything, a `QueryKeyError`
 * (`invalid-key`, `unmatchable-key`) for a key that is not an array or cannot be matched, or a `ToolkitError`
 * (`invalid-options`) for an option with an unknown value.
 * @example await invalidateKeys(queryClient, [projectKeys.list('o1'), projectKeys.detail.scope])
 */
export function invalidateKeys(
  client: QueryClient,
  keys: ReadonlyArray<KeyTarget>,
  { exact = false, refetch = 'active', source = 'manual', cancelRefetch = true }: InvalidateKeysOptions = {},
): Promise<void> {
  const targets = exact ? { exactKeys: keys } : { prefixes: keys }
  return invalidateLocally(client, targets, { source, refetch, cancelRefetch })
}

/**
 * One pass of the engine for a local call, refetched at once. Throws a `ToolkitError` (synchronously,
 * before invalidating anything) for a bad option, key or tag, or a key that cannot be matched.
 */
export function invalidateLocally(
  client: QueryClient,
  targets: LocalTargets,
  { source, refetch, cancelRefetch }: Required<InvalidateOptions>,
): Promise<void> {
  const request = localRequest(targets, { source, refetch })
  return runInvalidation(client, request, { source, scheduler: refetchAtOnce({ cancelRefetch }) })
}
