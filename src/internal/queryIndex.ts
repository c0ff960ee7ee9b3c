// An index over one QueryClient's cache, kept current from QueryCache events, so an invalidation
// finds its queries without scanning the whole cache: queries by the primitive prefix of their key
// (a trie), by their hash under their own hash function (exact matches), and by tag.
import { hashKey, matchQuery } from '@tanstack/react-query'
import type { Query, QueryCacheNotifyEvent, QueryClient, QueryKey, QueryKeyHashFunction } from '@tanstack/react-query'
import { QueryKeyError } from '../errors'
import { describeValue } from './describeValue'
import { createKeyTrie } from './keyTrie'
import { readTags, tagSourceOf } from './queryTags'
import type { TagSource } from './queryTags'

export interface QueryIndex {
  /**
   * The queries `queryClient.invalidateQueries({ queryKey: key, exact })` would select: the same
   * partial matching (objects as subsets), and for `exact` the same hash comparison (each query's own
   * `queryKeyHashFn`), found through the index.
   */
  matchKey: (key: QueryKey, options?: { exact?: boolean }) => Array<Query>
  /** Every query whose definition provides at least one of `tags`. */
  matchTags: (tags: ReadonlyArray<string>) => Array<Query>
  /** The tags a query currently provides. */
  tagsOf: (query: Query) => ReadonlyArray<string>
  /**
   * How many times a definition's tags threw, or gave something other than an array of strings, for a
   * query's data. Such a query keeps the tags it provided before (or none), so it is still reached by
   * them: invalidating too much is safe, too little leaves stale data on screen.
   */
  tagErrors: () => number
  /** Stops following the cache. The next `getQueryIndex` call builds a fresh index. */
  dispose: () => void
}

interface TagState {
  source: TagSource | undefined
  data: unknown
  tags: ReadonlyArray<string>
}

type HashFn = QueryKeyHashFunction<QueryKey>

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
  const trie = createKeyTrie<Query>()
  const byTag = new Map<string, Set<Query>>()
  const tagStates = new Map<Query, TagState>()
  // Exact matching is TanStack's hash comparison under each query's own hash function, so a Date in the
  // cache and its ISO string in a filter, or a custom `queryKeyHashFn`, match as they do there: the
  // filter is hashed once per function in use (counted per query) and looked up in the cache itself.
  const hashFnUses = new Map<HashFn, number>()
  const hashFnOf = new Map<Query, HashFn>()
  let tagErrors = 0

  const countHashFn = (query: Query, hashFn: HashFn | undefined) => {
    const previous = hashFnOf.get(query)
    if (previous === hashFn) return
    if (previous) {
      const uses = hashFnUses.get(previous)! - 1
      if (uses) hashFnUses.set(previous, uses)
      else hashFnUses.delete(previous)
    }
    if (hashFn) {
      hashFnUses.set(hashFn, (hashFnUses.get(hashFn) ?? 0) + 1)
      hashFnOf.set(query, hashFn)
    } else hashFnOf.delete(query)
  }

  const setTags = (query: Query, tags: ReadonlyArray<string>) => {
    tagStates.get(query)?.tags.forEach((tag) => {
      const queries = byTag.get(tag)
      queries?.delete(query)
      if (queries?.size === 0) byTag.delete(tag)
    })
    tags.forEach((tag) => {
      let queries = byTag.get(tag)
      if (!queries) byTag.set(tag, (queries = new Set()))
      queries.add(query)
    })
  }

  // Tags depend on the definition (arrives with the options) and on the data: recompute only when
  // either changed, which keeps the hot path of cache events to a few reference comparisons.
  const refresh = (query: Query) => {
    // A removed query still notifies the cache when whoever holds it makes it fetch or change: it must
    // not come back into the index (and, under its hash, shadow the live query that replaced it).
    if (cache.get(query.queryHash) !== query) return
    countHashFn(query, query.options.queryKeyHashFn || hashKey)
    const source = tagSourceOf(query)
    const data = query.state.data
    const state = tagStates.get(query)
    if (state ? state.source === source && state.data === data : source === undefined) return
    let tags: ReadonlyArray<string> | undefined = source ? readTags(source, data) : []
    if (!tags) {
      tagErrors++
      if (process.env.NODE_ENV !== 'production') {
        console.warn(
          `[react-query-toolkit] the tags of query ${query.queryHash} could not be read from its data; it keeps its previous tags`,
        )
      }
      tags = state?.tags ?? []
    }
    setTags(query, tags)
    tagStates.set(query, { source, data, tags })
  }

  const add = (query: Query) => {
    trie.add(query.queryKey, query)
    refresh(query)
  }

  const remove = (query: Query) => {
    trie.remove(query)
    countHashFn(query, undefined)
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
        return refresh(event.query)
    }
  }

  cache.getAll().forEach(add)
  const unsubscribe = cache.subscribe(onEvent)

  const matchExact = (key: QueryKey) => {
    const found = new Set<Query>()
    hashFnUses.forEach((_, hashFn) => {
      const query = cache.get(hashFn(key))
      // matchQuery reads the options as they are now, in case they changed without a cache event.
      if (query && matchQuery({ queryKey: key, exact: true }, query)) found.add(query)
    })
    return [...found]
  }

  return {
    matchKey: (key, options) => {
      try {
        return options?.exact
          ? matchExact(key)
          : trie.candidates(key).filter((query) => matchQuery({ queryKey: key, exact: false }, query))
      } catch (cause) {
        // TanStack throws the same (a stack overflow on a key nested thousands deep, a hash function's own
        // error); this says which call and why, and keeps the original as the cause.
        const detail = process.env.NODE_ENV !== 'production' && `a key could not be matched (${describeValue(cause)})`
        throw new QueryKeyError('unmatchable-key', detail || undefined, { cause })
      }
    },
    matchTags: (tags) => {
      const found = new Set<Query>()
      for (const tag of tags) byTag.get(tag)?.forEach((query) => found.add(query))
      return [...found]
    },
    tagsOf: (query) => tagStates.get(query)?.tags ?? [],
    tagErrors: () => tagErrors,
    dispose: () => {
      unsubscribe()
      onDispose()
    },
  }
}
