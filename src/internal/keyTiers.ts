// Which tier a query key belongs to, known before the query has options: query definitions register
// the keys they build here, so data that reaches a key through `setQueryData`, an optimistic write, a
// plain `fetchQuery`, `hydrate` or another tab is still treated by its definition's tier.
// A trie over key parts: a lookup walks the key once, whatever the number of registered keys.
import type { QueryKey } from '@tanstack/react-query'

/** What the registry keeps of a tier: enough to decide persistence. */
export interface KeyTier {
  readonly name: string
  readonly persist: boolean
}

interface Node {
  readonly children: Map<string, Node>
  /** Tiers of keys equal to this node's path. */
  exact?: Array<KeyTier>
  /** Tiers of every key that starts with this node's path (a key builder's `scope`). */
  under?: Array<KeyTier>
  /** Tiers of keys under this path that hold a given child name further on (child key builders). */
  named?: Map<string, Array<KeyTier>>
}

const newNode = (): Node => ({ children: new Map() })
const root = newNode()

// One string per part; the type tag keeps the string '1' and the number 1 apart.
function partId(part: unknown): string {
  if (typeof part === 'string') return `s${part}`
  if (typeof part === 'number' || typeof part === 'boolean') return `${(typeof part)[0]}${String(part)}`
  try {
    return `j${JSON.stringify(part, sortedKeys)}`
  } catch {
    // A part that cannot be hashed cannot be a TanStack key either; it matches nothing.
    return '?'
  }
}

// Objects match whatever their property order, as in TanStack's `hashKey`.
function sortedKeys(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

function nodeOf(path: ReadonlyArray<unknown>): Node {
  let node = root
  for (const part of path) {
    const id = partId(part)
    let child = node.children.get(id)
    if (!child) node.children.set(id, (child = newNode()))
    node = child
  }
  return node
}

function add(list: Array<KeyTier> | undefined, tier: KeyTier): Array<KeyTier> {
  if (!list) return [tier]
  if (!list.some((known) => known.name === tier.name && known.persist === tier.persist)) list.push(tier)
  return list
}

/** Registers the tier of exactly this key. */
export function registerKeyTier(key: QueryKey, tier: KeyTier): void {
  const node = nodeOf(key)
  node.exact = add(node.exact, tier)
}

/** Registers the tier of every key that starts with `prefix`, the prefix itself included. */
export function registerPrefixTier(prefix: QueryKey, tier: KeyTier): void {
  const node = nodeOf(prefix)
  node.under = add(node.under, tier)
}

/** Registers the tier of keys that start with `prefix` and hold the string `name` at a later position. */
export function registerChildTier(prefix: QueryKey, name: string, tier: KeyTier): void {
  const node = nodeOf(prefix)
  node.named ??= new Map()
  node.named.set(name, add(node.named.get(name), tier))
}

/** Every tier registered for `key` (by exact key, prefix or child name); empty when none is. */
export function tiersOfKey(key: QueryKey): Array<KeyTier> {
  const found: Array<KeyTier> = []
  let node: Node | undefined = root
  for (let depth = 0; node; depth++) {
    if (node.under) found.push(...node.under)
    if (node.named) {
      for (let i = depth; i < key.length; i++) {
        const part = key[i]
        const tiers = typeof part === 'string' ? node.named.get(part) : undefined
        if (tiers) found.push(...tiers)
      }
    }
    if (depth === key.length) {
      if (node.exact) found.push(...node.exact)
      break
    }
    node = node.children.get(partId(key[depth]))
  }
  return found
}

/**
 * Whether data under `key` may be written to disk: no registered tier of the key and no tier in the
 * query's own `meta` forbids it. When they disagree the most private wins (sensitive, or
 * `persist: false`, from either side).
 */
export function isPersistedKey(key: QueryKey, meta: Record<string, unknown> | undefined): boolean {
  if (meta?.persist === false || meta?.tier === 'sensitive') return false
  return tiersOfKey(key).every((tier) => tier.persist && tier.name !== 'sensitive')
}
