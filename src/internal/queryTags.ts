// How a definition's tags travel with its queries: under a symbol in the query options (TanStack keeps
// unknown option fields), never in `meta`, which is serialised by `dehydrate`.
import type { Query } from '@tanstack/react-query'

export const tagsOption = Symbol.for('react-query-toolkit.tags')

/** Static tags, or tags computed from the query's data (undefined before the first success). */
export type TagSource = (data: unknown) => ReadonlyArray<string>

export function tagSourceOf(query: Query): TagSource | undefined {
  return (query.options as { [tagsOption]?: TagSource })[tagsOption]
}
