// Write-through: a mutation's `writes` put the server's answer into the listed queries on success, through
// `setQueryData` (so persistence, the tier registry and metrics see them), and the invalidation pass that
// follows leaves those queries alone unless `invalidates` names them: they already hold the answer.
import { hashKey } from '@tanstack/react-query'
import type { QueryClient, QueryKey, dataTagSymbol } from '@tanstack/react-query'
import { describeValue } from './internal/describeValue'
import type { KeyTarget } from './keyTargets'

/**
 * The data type a key carries (`DataTag`, as on `defineQueries` options' `queryKey`); `unknown` otherwise. What
 * TanStack's `InferDataFromTag<unknown, TKey>` reads, matched on the tag's one property instead of on a `DataTag`
 * (itself a conditional type), which is cheaper for every `writes` entry (see the typecheck benchmark).
 */
export type KeyData<TKey extends QueryKey> = TKey extends { [dataTagSymbol]: infer TData } ? TData : unknown

/** A value to write, or an updater of the cached value (`undefined` when nothing is cached), as `setQueryData` takes. */
export type WriteValue<TData> = TData | ((current: TData | undefined) => TData)

/** One entry of `writes`: a key and the value (or updater) to put there. */
export type MutationWrite = readonly [key: KeyTarget, value: unknown]

/**
 * The entries of `writes`, one per key of `TKeys`, each value checked against the data type its own key carries:
 * a tagged key takes only its own data type (or an updater of it); a hand-written, untagged key takes `unknown`.
 * A mapped type over the tuple of keys, so TypeScript infers the keys' tuple from the entries (an entry's value
 * never widens the list into an array) and checks each entry on its own.
 */
export type CheckedWrites<TKeys extends ReadonlyArray<KeyTarget>> = {
  readonly [TIndex in keyof TKeys]: readonly [key: TKeys[TIndex], value: WriteValue<KeyData<TKeys[TIndex]>>]
}

/**
 * Applies `writes(data, input)` entry by entry and returns the queries written (by hash) with the data written. A `writes`
 * that throws or returns something other than an array of `[key, value]` pairs, and each entry that cannot
 * be written, is reported to `onError` and skipped: the mutation's success and the other entries stand.
 */
export function applyWrites(
  client: QueryClient,
  compute: () => unknown,
  onError: (error: unknown) => void,
): Map<string, unknown> {
  const written = new Map<string, unknown>()
  let entries: Array<unknown>
  try {
    const computed = compute()
    if (!Array.isArray(computed)) {
      // Reported in development only (`defineMutation` drops write errors in production): short there.
      throw new TypeError(
        process.env.NODE_ENV !== 'production'
          ? `writes must return an array of [key, value] pairs; got ${describeValue(computed)}`
          : 'writes',
      )
    }
    // A copy, so a hostile array (a proxy whose reads throw) fails here, once, before anything is written.
    entries = Array.from(computed as Array<unknown>)
  } catch (error) {
    onError(error)
    return written
  }
  entries.forEach((entry, position) => {
    try {
      if (!Array.isArray(entry) || entry.length !== 2 || !Array.isArray(entry[0])) {
        throw new TypeError(
          process.env.NODE_ENV !== 'production'
            ? `writes[${position}] must be a [key, value] pair; got ${describeValue(entry)}`
            : 'writes',
        )
      }
      const [key, value] = entry as [QueryKey, unknown]
      // An updater that returns undefined writes nothing (as `setQueryData`), so nothing is held back either.
      const data: unknown = client.setQueryData(key, value)
      if (data === undefined) return
      const query = client.getQueryCache().find({ queryKey: key, exact: true })
      if (query) written.set(query.queryHash, data)
    } catch (error) {
      onError(error)
    }
  })
  return written
}

/** The hashes of the keys `invalidates` names as such (a key or an exact key, not a tag or a shorter prefix). */
export function namedHashes(client: QueryClient, keys: ReadonlyArray<QueryKey>): Set<string> {
  const named = new Set<string>()
  for (const key of keys) {
    try {
      named.add(client.getQueryCache().find({ queryKey: key, exact: true })?.queryHash ?? hashKey(key))
    } catch {
      // A key that cannot be hashed is reported by the invalidation pass itself.
    }
  }
  return named
}
