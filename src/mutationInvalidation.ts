// The invalidation pass of a mutation, through the one engine: `invalidates` and the optimistic keys in one
// pass, minus the queries `writes` just filled with the server's answer (unless `invalidates` names them).
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { localRequest } from './internal/localRequest'
import { refetchAtOnce } from './internal/refetchAtOnce'
import { runInvalidation } from './internal/runInvalidation'

/** What a mutation invalidates: a key (and every key it prefixes), an exact key, or a tag. */
export type InvalidationTarget = QueryKey | { key: QueryKey; exact: true } | { tag: string }

const scheduleAtOnce = /* @__PURE__ */ refetchAtOnce({ cancelRefetch: true })

/**
 * Invalidates every query reached by a key, an exact key or a tag, each query once, and refetches the
 * active ones; a query in `keep` (by hash) that still holds the data kept for it is left valid and not
 * refetched. One whose data changed since (another mutation's layer rolled back over it) is refetched.
 * Kept queries are announced with the pass as `written`, so other tabs refetch their copies.
 */
export function invalidateTargets(
  client: QueryClient,
  targets: ReadonlyArray<InvalidationTarget>,
  keep: ReadonlyMap<string, unknown>,
): Promise<void> {
  const prefixes: Array<QueryKey> = []
  const exactKeys: Array<QueryKey> = []
  const tags: Array<string> = []
  for (const target of targets) {
    if (Array.isArray(target)) prefixes.push(target)
    else if ('tag' in target) tags.push(target.tag)
    else exactKeys.push((target as { key: QueryKey }).key)
  }
  // Announced with the pass (not as its targets: this tab's copies are fresh), so the app's other tabs
  // (`syncTabs`) refetch what they hold of them instead of keeping what this tab's write replaced.
  const written: Array<QueryKey> = []
  for (const hash of keep.keys()) {
    const query = client.getQueryCache().get(hash)
    if (query) written.push(query.queryKey)
  }
  const request = localRequest({ prefixes, exactKeys, tags }, { source: 'mutation', refetch: 'active' })
  return runInvalidation(client, request, {
    source: 'mutation',
    scheduler: scheduleAtOnce,
    // A written query holds the server's answer: it is neither marked stale nor refetched by this pass.
    spare:
      keep.size === 0
        ? undefined
        : (query) => keep.has(query.queryHash) && keep.get(query.queryHash) === query.state.data,
    written,
  })
}

/** The keys a target names as such: a key or an exact key; a tag names none. */
export function keysOf(targets: ReadonlyArray<InvalidationTarget>): Array<QueryKey> {
  const keys: Array<QueryKey> = []
  for (const target of targets) {
    if (Array.isArray(target)) keys.push(target)
    else if (!('tag' in target)) keys.push((target as { key: QueryKey }).key)
  }
  return keys
}
