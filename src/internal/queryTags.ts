// How a definition's tags travel with its queries: under a symbol in the query options (TanStack keeps
// unknown option fields), never in `meta`, which is serialised by `dehydrate`.
import type { Query } from '@tanstack/react-query'

export const tagsOption = Symbol.for('react-query-toolkit.tags')

/** Static tags, or tags computed from the query's data (undefined before the first success). */
export type TagSource = (data: unknown) => ReadonlyArray<string>

export function tagSourceOf(query: Query): TagSource | undefined {
  return (query.options as { [tagsOption]?: TagSource })[tagsOption]
}

/**
 * The tags `source` gives for `data`, deduplicated; `undefined` when it throws or gives anything but an
 * array of strings. Tags derived from server data meet whatever the server sends (`null`, an error
 * body): a deriver written for the happy shape must not break the cache's event dispatch.
 */
export function readTags(source: TagSource, data: unknown): Array<string> | undefined {
  try {
    const tags: unknown = source(data)
    if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) return undefined
    return [...new Set(tags as Array<string>)]
  } catch {
    return undefined
  }
}
