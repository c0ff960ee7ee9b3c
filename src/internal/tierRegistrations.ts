// What query definitions register about their keys' tiers, queued here until the persister first asks
// (`keyTiers.ts` files the queue in its trie then). The core entry only queues, so an app that never
// persists never loads the trie. Queued entries are keyed by what they say: a key builder registering
// the same key on every call keeps one entry, as the trie would.
import { hashKey } from '@tanstack/react-query'
import type { QueryKey } from '@tanstack/react-query'

/** What the registry keeps of a tier: enough to decide persistence. */
export interface KeyTier {
  readonly name: string
  readonly persist: boolean
}

/** The slot: `=` this key, `*` every key it prefixes, `:name` keys under it holding `name` at a later position. */
export type Registration = [key: QueryKey, tier: KeyTier, slot: string]

export const pendingTiers = new Map<string, Registration>()

function queue(...registration: Registration): void {
  const [key, tier, slot] = registration
  try {
    pendingTiers.set(hashKey([key, tier.name, tier.persist, slot]), registration)
  } catch {
    // A key TanStack cannot hash can never be cached, so it has nothing to keep out of storage.
  }
}

/** Registers the tier of exactly this key. */
export const registerKeyTier = (key: QueryKey, tier: KeyTier): void => queue(key, tier, '=')

/** Registers the tier of every key that starts with `prefix`, the prefix itself included. */
export const registerPrefixTier = (prefix: QueryKey, tier: KeyTier): void => queue(prefix, tier, '*')

/** Registers the tier of keys that start with `prefix` and hold the string `name` at a later position. */
export const registerChildTier = (prefix: QueryKey, name: string, tier: KeyTier): void =>
  queue(prefix, tier, `:${name}`)
