// Key-based invalidation through the index: the selection of `invalidateQueries({ queryKey, exact })`
// without a scan of every cached query.
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import type { InvalidationSource } from './internal/invalidationEvents'
import { invalidateTargets } from './internal/invalidateTargets'
import type { RefetchType } from './internal/protocol'

export interface InvalidateOptions {
  /**
   * Which of the invalidated queries to refetch now: the ones with observers, all, or none.
   * @default 'active'
   */
  refetch?: RefetchType
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
   * Match only queries whose key equals one of `keys`, rather than every key they prefix.
   * @default false
   */
  exact?: boolean
}

/**
 * Invalidates the queries matching any of `keys`, exactly those `invalidateQueries({ queryKey, exact })`
 * would, and refetches the active ones.
 * @example await invalidateKeys(queryClient, [projectKeys.list('o1'), projectKeys.detail.scope])
 */
export function invalidateKeys(
  client: QueryClient,
  keys: ReadonlyArray<QueryKey>,
  { exact = false, refetch = 'active', source = 'manual', cancelRefetch = true }: InvalidateKeysOptions = {},
): Promise<void> {
  const targets = exact ? { exactKeys: keys } : { prefixes: keys }
  return invalidateTargets(client, targets, { source, refetch, cancelRefetch })
}
