// An index over one QueryClient's cache, kept current from QueryCache events, so an invalidation
// finds its queries without scanning the whole cache: queries by each primitive prefix of their key,
// and by tag.
import { matchQuery } from '@tanstack/react-query'
import type { Query, QueryCacheNotifyEvent, QueryClient, QueryKey } from '@tanstack/react-query'
import { tagSourceOf } from './internal/queryTags'
import type { TagSource } from './internal/queryTags'

export interface QueryIndex {
  /**
   * The queries `queryClient.invalidateQueries({ queryKey: key, exact })` would select: the same
   * partial matching (objects as subsets), found through the index.
   */
  matchKey: (key: QueryKey, options?: { exact?: boolean }) => Array<Query>
  /** Every query whose definition provides at least one of `tags`. */
  matchTags: (tags: ReadonlyArray<string>) => Array<Query>
  /** The tags a query currently provides. */
  tagsOf: (query: Query) => ReadonlyArray<string>
  /** Stops following the cache. The next `getQueryIndex` call builds a fresh index. */
  dispose: () => void
}

interface TagState {
  source: TagSource | undefined
  data: unknown
  tags: ReadonlyArray<string>
}

type MultiMap = Map<string, Set<Query>>

const indexes = new WeakMap<QueryClient, QueryIndex>()

/** The index of `client`'s cache, built on first use and then kept current. */
export function getQueryIndex(client: QueryClient): QueryIndex {
  let index = indexes.get(client)
  if (!index) {
    index = createQueryIndex(client, () => indexes.delete(client))
    indexes.set(client, index)
  }
  return index
}

function createQueryIndex(client: QueryClient, onDispose: () => void): QueryIndex {
  const cache = client.getQueryCache()
  const byPrefix: MultiMap = new Map()
  const byTag: MultiMap = new Map()
  const tagStates = new Map<Query, TagState>()

  const setTags = (query: Query, tags: ReadonlyArray<string>) => {
    tagStates.get(query)?.tags.forEach((tag) => unlink(byTag, tag, query))
    tags.forEach((tag) => link(byTag, tag, query))
  }

  // Tags depend on the definition (arrives with the options) and on the data: recompute only when
  // either changed, which keeps the hot path of cache events to two reference comparisons.
  const refreshTags = (query: Query) => {
    const source = tagSourceOf(query)
    const data = query.state.data
    const state = tagStates.get(query)
    if (state ? state.source === source && state.data === data : source === undefined) return
    const tags = source ? [...new Set(source(data))] : []
    setTags(query, tags)
    tagStates.set(query, { source, data, tags })
  }

  const add = (query: Query) => {
    prefixNames(query.queryKey).forEach((name) => link(byPrefix, name, query))
    refreshTags(query)
  }

  const remove = (query: Query) => {
    prefixNames(query.queryKey).forEach((name) => unlink(byPrefix, name, query))
    setTags(query, [])
    tagStates.delete(query)
  }

  const onEvent = (event: QueryCacheNotifyEvent) => {
    switch (event.type) {
      case 'added':
        return add(event.query)
      case 'removed':
        return remove(event.query)
      case 'updated':
      case 'observerAdded':
      case 'observerOptionsUpdated':
        return refreshTags(event.query)
    }
  }

  cache.getAll().forEach(add)
  const unsubscribe = cache.subscribe(onEvent)

  return {
    matchKey: (key, options) => {
      const exact = options?.exact ?? false
      const candidates = byPrefix.get(prefixNames(key).pop()!) ?? []
      return [...candidates].filter((query) => matchQuery({ queryKey: key, exact }, query))
    },
    matchTags: (tags) => {
      const found = new Set<Query>()
      for (const tag of tags) byTag.get(tag)?.forEach((query) => found.add(query))
      return [...found]
    },
    tagsOf: (query) => tagStates.get(query)?.tags ?? [],
    dispose: () => {
      unsubscribe()
      onDispose()
    },
  }
}

function link(map: MultiMap, name: string, query: Query): void {
  let queries = map.get(name)
  if (!queries) map.set(name, (queries = new Set()))
  queries.add(query)
}

function unlink(map: MultiMap, name: string, query: Query): void {
  const queries = map.get(name)
  queries?.delete(query)
  if (queries?.size === 0) map.delete(name)
}

// A query is filed under every prefix of its key made of primitives: '', '["projects"]',
// '["projects"]["list"]', … A filter is looked up by its own primitive prefix, which every query it
// matches shares (`partialMatchKey` compares primitives with ===), and TanStack's `matchQuery` then
// decides among those few candidates, so the semantics cannot drift. Elements are encoded as JSON,
// which folds NaN, ±Infinity and undefined into null exactly as TanStack's key hashing does.
function prefixNames(key: QueryKey): Array<string> {
  const names = ['']
  let name = ''
  for (const element of key) {
    const token = elementToken(element)
    if (token === undefined) break
    names.push((name += token))
  }
  return names
}

/** JSON of a primitive element, or undefined for objects and arrays (matched as subsets, not indexed). */
function elementToken(element: unknown): string | undefined {
  if (typeof element === 'object' && element !== null) return undefined
  try {
    return JSON.stringify([element])
  } catch {
    // A bigint: TanStack cannot hash it either. Stop indexing deeper; the shorter prefix still holds it.
    return undefined
  }
}
