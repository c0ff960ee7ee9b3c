// Query keys filed by their leading primitive elements, as a trie: a filter finds every key it could
// prefix-match under one node, in time and memory linear in the key's length (a long key costs one
// node per element, never one string per prefix).
//
// A key is filed at the node of its longest primitive prefix. A filter is looked up by its own
// primitive prefix, and every key below that node is a candidate: TanStack's `partialMatchKey`
// compares primitives with ===, so every key a filter matches shares that prefix, and `matchQuery`
// then decides among the candidates, so the semantics cannot drift. Elements are encoded as JSON,
// which folds NaN, ±Infinity and undefined (and holes) into null, and -0 into 0: a superset, never
// a miss.

interface Node<T> {
  items: Set<T>
  children: Map<string, Node<T>>
  parent: Node<T> | undefined
  token: string
}

export interface KeyTrie<T> {
  add: (key: ReadonlyArray<unknown>, item: T) => void
  /** Forgets `item` wherever it was filed (its key may have been mutated since). */
  remove: (item: T) => void
  /** Every item whose key starts with the filter's primitive prefix. */
  candidates: (filter: ReadonlyArray<unknown>) => Array<T>
}

export function createKeyTrie<T>(): KeyTrie<T> {
  const root: Node<T> = { items: new Set(), children: new Map(), parent: undefined, token: '' }
  const nodeOf = new Map<T, Node<T>>()

  const walk = (key: ReadonlyArray<unknown>, create: boolean): Node<T> | undefined => {
    let node = root
    for (let i = 0; i < key.length; i++) {
      const token = elementToken(key[i])
      if (token === undefined) break
      let child = node.children.get(token)
      if (!child) {
        if (!create) return undefined
        node.children.set(token, (child = { items: new Set(), children: new Map(), parent: node, token }))
      }
      node = child
    }
    return node
  }

  return {
    add: (key, item) => {
      const node = walk(key, true)!
      node.items.add(item)
      nodeOf.set(item, node)
    },
    remove: (item) => {
      let node = nodeOf.get(item)
      if (!node) return
      nodeOf.delete(item)
      node.items.delete(item)
      // Prune the emptied branch so a churn of distinct keys leaves no trail of empty nodes.
      while (node.parent && node.items.size === 0 && node.children.size === 0) {
        node.parent.children.delete(node.token)
        node = node.parent
      }
    },
    candidates: (filter) => {
      const start = walk(filter, false)
      const found: Array<T> = []
      const stack = start ? [start] : []
      while (stack.length > 0) {
        const node = stack.pop()!
        node.items.forEach((item) => found.push(item))
        node.children.forEach((child) => stack.push(child))
      }
      return found
    },
  }
}

/** JSON of a primitive element, or undefined for objects and arrays (matched as subsets, not indexed). */
function elementToken(element: unknown): string | undefined {
  if (typeof element === 'object' && element !== null) return undefined
  // A bigint cannot be JSON: stop indexing deeper; the shorter prefix still holds the key.
  if (typeof element === 'bigint') return undefined
  return JSON.stringify([element])
}
