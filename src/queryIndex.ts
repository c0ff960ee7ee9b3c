// An index over one QueryClient's cache, kept current from QueryCache events, so an invalidation
// finds its queries without scanning the whole cache: a trie over key elements, and a tag map.
import { hashKey, matchQuery } from '@tanstack/react-query'
import type { Query, QueryCache, QueryCacheNotifyEvent, QueryClient, QueryKey } from '@tanstack/react-query'
import { tagSourceOf } from './internal/queryTags'
import type { TagSource } from './internal/queryTags'

export interface QueryIndex {
  /**
   * The queries `queryClient.invalidateQueries({ queryKey: key, exact })` would select: the same
   * partial matching (objects as subsets), found through the trie.
   */
  matchKey: (key: QueryKey, options?: { exact?: boolean }) => Array<Query>
  /** Every query whose definition provides at least one of `tags`. */
  matchTags: (tags: ReadonlyArray<string>) => Array<Query>
  /** The tags a query currently provides. */
  tagsOf: (query: Query) => ReadonlyArray<string>
  /** Stops following the cache. The next `getQueryIndex` call builds a fresh index. */
  dispose: () => void
}

interface TrieNode {
  readonly parent: TrieNode | undefined
  readonly token: string
  /** Children by primitive element (`s:` string, `d:` number, …). */
  readonly primitives: Map<string, TrieNode>
  /** Children whose element is an object or array, by stable hash. */
  readonly objects: Map<string, TrieNode>
  /** Queries whose key ends at this node. */
  readonly queries: Set<Query>
}

interface TagState {
  source: TagSource | undefined
  data: unknown
  tags: ReadonlyArray<string>
}

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

function createNode(parent: TrieNode | undefined, token: string): TrieNode {
  return { parent, token, primitives: new Map(), objects: new Map(), queries: new Set() }
}

function createQueryIndex(client: QueryClient, onDispose: () => void): QueryIndex {
  const cache = client.getQueryCache()
  const root = createNode(undefined, '')
  const leaves = new Map<Query, TrieNode>()
  const byTag = new Map<string, Set<Query>>()
  const tagStates = new Map<Query, TagState>()

  const add = (query: Query) => {
    if (leaves.has(query)) return
    let node = root
    for (const element of query.queryKey) {
      const [bucket, token] = isObjectElement(element)
        ? [node.objects, objectToken(element)]
        : [node.primitives, primitiveToken(element)]
      let child = bucket.get(token)
      if (!child) {
        child = createNode(node, token)
        bucket.set(token, child)
      }
      node = child
    }
    node.queries.add(query)
    leaves.set(query, node)
    refreshTags(query)
  }

  const remove = (query: Query) => {
    const leaf = leaves.get(query)
    if (!leaf) return
    leaves.delete(query)
    leaf.queries.delete(query)
    prune(leaf)
    setTags(query, [])
    tagStates.delete(query)
  }

  const setTags = (query: Query, next: ReadonlyArray<string>) => {
    const previous = tagStates.get(query)?.tags ?? []
    for (const tag of previous) {
      const holders = byTag.get(tag)
      holders?.delete(query)
      if (holders?.size === 0) byTag.delete(tag)
    }
    for (const tag of next) {
      let holders = byTag.get(tag)
      if (!holders) {
        holders = new Set()
        byTag.set(tag, holders)
      }
      holders.add(query)
    }
  }

  // Tags depend on the definition (arrives with the options) and on the data: recompute only when
  // either changed, which keeps the hot path of cache events to two reference comparisons.
  const refreshTags = (query: Query) => {
    const source = tagSourceOf(query)
    const data = query.state.data
    const state = tagStates.get(query)
    if (state ? state.source === source && state.data === data : source === undefined) return
    const tags = source ? dedupe(source(data)) : []
    setTags(query, tags)
    tagStates.set(query, { source, data, tags })
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
    matchKey: (key, options) => (options?.exact ? matchExact(cache, root, key) : matchKey(root, key, false)),
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

function matchKey(root: TrieNode, key: QueryKey, exact: boolean): Array<Query> {
  let nodes: Array<TrieNode> = [root]
  // Primitive elements are matched exactly by the trie. Object elements and NaN take every candidate
  // at their level; TanStack's own `matchQuery` then decides, so the semantics cannot drift.
  let verify = exact
  for (const element of key) {
    const next: Array<TrieNode> = []
    if (isObjectElement(element)) {
      verify = true
      for (const node of nodes) node.objects.forEach((child) => next.push(child))
    } else {
      // Tokens of NaN, symbols and functions can collide: let `matchQuery` decide for them.
      verify ||= Number.isNaN(element) || !isPlainPrimitive(element)
      const token = primitiveToken(element)
      for (const node of nodes) {
        const child = node.primitives.get(token)
        if (child) next.push(child)
      }
    }
    if (next.length === 0) return []
    nodes = next
  }
  const found: Array<Query> = []
  for (const node of nodes) {
    if (exact) node.queries.forEach((query) => found.push(query))
    else collect(node, found)
  }
  return verify ? found.filter((query) => matchQuery({ queryKey: key, exact }, query)) : found
}

// An exact filter compares hashes, and hashing folds values the trie keeps apart (NaN, ±Infinity and
// undefined hash as null): look the hash up in the cache as well as walking the trie, which still
// serves queries with their own `queryKeyHashFn`.
function matchExact(cache: QueryCache, root: TrieNode, key: QueryKey): Array<Query> {
  const found = new Set(matchKey(root, key, true))
  let hash: string | undefined
  try {
    hash = hashKey(key)
  } catch {
    // Unhashable filter: only the trie can answer.
  }
  const byHash = hash === undefined ? undefined : cache.get(hash)
  if (byHash && matchQuery({ queryKey: key, exact: true }, byHash)) found.add(byHash)
  return [...found]
}

function collect(node: TrieNode, into: Array<Query>): void {
  node.queries.forEach((query) => into.push(query))
  node.primitives.forEach((child) => collect(child, into))
  node.objects.forEach((child) => collect(child, into))
}

function prune(node: TrieNode): void {
  let current: TrieNode | undefined = node
  while (current?.parent && current.queries.size === 0 && current.primitives.size === 0 && current.objects.size === 0) {
    const parent: TrieNode = current.parent
    parent.primitives.delete(current.token)
    parent.objects.delete(current.token)
    current = parent
  }
}

function isObjectElement(element: unknown): element is object {
  return typeof element === 'object' && element !== null
}

function isPlainPrimitive(element: unknown): boolean {
  const type = typeof element
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'undefined' || element === null
}

function primitiveToken(element: unknown): string {
  switch (typeof element) {
    case 'string':
      return `s:${element}`
    case 'number':
      return `d:${element}`
    case 'boolean':
      return element ? 'b:1' : 'b:0'
    case 'undefined':
      return 'u'
    default:
      return element === null ? 'n' : `x:${String(element)}`
  }
}

let unhashable = 0

function objectToken(element: object): string {
  try {
    return `o:${hashKey([element])}`
  } catch {
    // TanStack cannot hash it either; give it a node of its own.
    return `o:#${++unhashable}`
  }
}

function dedupe(tags: ReadonlyArray<string>): ReadonlyArray<string> {
  return tags.length < 2 ? tags : [...new Set(tags)]
}
