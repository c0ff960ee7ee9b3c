// Typed invalidation targets. Once an app registers its keys (`interface Register { keys: typeof keys }`),
// `invalidates`, `writes`, `optimistic.key` and `invalidateKeys` take only keys its factories can build, or their
// scopes: a hand-written key with a typo no longer compiles. `looseKey([...])` opts one key out. Without a
// registration every `QueryKey` is accepted, as before.
import type { QueryKey } from '@tanstack/react-query'
import type { inferKeyUnion } from './inferKeys'
import type { Register } from './tiers'

declare const looseKeyBrand: unique symbol

/** A key taken as it is, without the registered-keys check: what `looseKey` returns. */
export type LooseKey = QueryKey & { readonly [looseKeyBrand]: true }

/** The keys the app registered (`interface Register { keys: typeof keys }`); `never` when it did not. */
export type RegisteredKeys = Register extends { keys: infer TKeys } ? TKeys : never

/**
 * A key an invalidation target, a written entry or an optimistic key may be: any `QueryKey` when no keys are
 * registered; else a key or scope of the registered factories, or a `looseKey`.
 */
export type KeyTarget<TKeys = RegisteredKeys> = [TKeys] extends [never] ? QueryKey : inferKeyUnion<TKeys> | LooseKey

/** A mutation's invalidation target, its keys checked against the registered keys (see `KeyTarget`). */
export type CheckedInvalidationTarget = KeyTarget | { key: KeyTarget; exact: true } | { tag: string }

/**
 * Marks a hand-written key as intended, so it passes where registered keys are checked. Returns the key itself.
 * @example invalidates: () => [looseKey(['legacy', 'report'])]
 */
export function looseKey<const TKey extends QueryKey>(key: TKey): TKey & LooseKey {
  return key as TKey & LooseKey
}
