// Tag-based invalidation: every query whose definition provides one of the tags, lists included.
import type { QueryClient } from '@tanstack/react-query'
import { emitInvalidation } from './internal/invalidationEvents'
import { invalidateQueries } from './internal/invalidateQueries'
import type { InvalidateOptions } from './invalidateKeys'
import { getQueryIndex } from './queryIndex'

/**
 * Invalidates every query holding at least one of `tags`, and refetches the active ones.
 * @example await invalidateTags(queryClient, ['project:p1'])
 */
export function invalidateTags(
  client: QueryClient,
  tags: ReadonlyArray<string>,
  { refetch = 'active', source = 'manual', cancelRefetch = true }: InvalidateOptions = {},
): Promise<void> {
  const matched = getQueryIndex(client).matchTags(tags)
  emitInvalidation(client, { type: 'tags', source, tags, refetch, matched: matched.length })
  return invalidateQueries(matched, { refetch, cancelRefetch })
}
