// Which tier a query key belongs to, known before the query has options: query definitions register
// the keys they build (`tierRegistrations.ts`), so data that reaches a key through `setQueryData`, an
// optimistic write, a plain `fetchQuery`, `hydrate` or another tab is still treated by its definition's tier.
// A trie over key parts, built from the queued registrations on the first lookup after them: a lookup
// walks the key once, whatever the number of registered keys.
import { hashKey } from '@tanstack/react-query'
import type { QueryKey } from '@tanstack/react-query'
import { pendingTiers } from './tierRegistrations'
import type { KeyTier } from './tierRegistrations'

export type { KeyTier } from './tierRegistrations'
export { registerChildTier, registerKeyTier, registerPrefixTier } from './tierRegistrations'

interface Node {
  readonly children: Map<string, Node>
  /** Tiers by slot: `=` keys equal to this node's path, `*` keys it prefixes, `:name` keys holding `name` later on. */
  readonly tiers: Map<string, Array<KeyTier>>
}

const newNode = (): Node => ({ children: new Map(), tiers: new Map() })
const root = /* @__PURE__ */ newNode()
// Every name of a `:name` slot: a key part that is none of them is looked up in no node's slots.
const childNames = /* @__PURE__ */ new Set<string>()

// One string per part, as TanStack's `hashKey` gives it: the string '1' and the number 1 differ, objects
// match whatever their property order. A part that cannot be hashed cannot be in a TanStack key either.
// A primitive hashes as `JSON.stringify` alone (the replacer only sorts objects).
function partId(part: unknown): string {
  try {
    return part === null || typeof part !== 'object' ? JSON.stringify([part]) : hashKey([part])
  } catch {
    return '?'
  }
}

/** Files what definitions registered since the last lookup. */
function fileRegistrations(): void {
  pendingTiers.forEach(([key, tier, slot]) => {
    let node = root
    for (const part of key) {
      const id = partId(part)
      let child = node.children.get(id)
      if (!child) node.children.set(id, (child = newNode()))
      node = child
    }
    if (slot.startsWith(':')) childNames.add(slot.slice(1))
    const list = node.tiers.get(slot)
    if (!list) node.tiers.set(slot, [tier])
    else if (!list.some((known) => known.name === tier.name && known.persist === tier.persist)) list.push(tier)
  })
  pendingTiers.clear()
}

const collect = (found: Array<KeyTier>, tiers: Array<KeyTier> | undefined): void => {
  if (tiers) for (const tier of tiers) found.push(tier)
}

/**
 * Every tier registered for `key` (by exact key, prefix or child name); empty when none is. Called once
 * per record of a full restore: a node without tiers is not searched, a node without children ends the
 * walk before the next part is hashed.
 */
export function tiersOfKey(key: QueryKey): Array<KeyTier> {
  if (pendingTiers.size > 0) fileRegistrations()
  const found: Array<KeyTier> = []
  let node: Node | undefined = root
  for (let depth = 0; node; depth++) {
    const { tiers, children }: Node = node
    if (tiers.size > 0) {
      collect(found, tiers.get('*'))
      for (let i = depth; i < key.length; i++) {
        const part = key[i]
        if (typeof part === 'string' && childNames.has(part)) collect(found, tiers.get(`:${part}`))
      }
      if (depth === key.length) collect(found, tiers.get('='))
    }
    if (depth === key.length || children.size === 0) break
    node = children.get(partId(key[depth]))
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
