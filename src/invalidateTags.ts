// Tag-based invalidation: every query whose definition provides one of the tags, lists included.
import type { QueryClient } from '@tanstack/react-query'
import { invalidateLocally } from './invalidateKeys'
import type { InvalidateOptions } from './invalidateKeys'

/**
 * Invalidates every query holding at least one of `tags`, and refetches the active ones.
 * @example await invalidateTags(queryClient, ['project:p1'])
 */
export function invalidateTags(
  client: QueryClient,
  tags: ReadonlyArray<string>,
  { refetch = 'active', source = 'manual', cancelRefetch = true }: InvalidateOptions = {},
): Promise<void> {
  return invalidateLocally(client, { tags }, { source, refetch, cancelRefetch })
}
