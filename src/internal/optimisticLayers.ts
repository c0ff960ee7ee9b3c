// Optimistic writes stacked per query: each pending mutation is a layer over the data the query held
// before the first of them. A failed layer is removed and the rest re-applied, so overlapping
// mutations on one key roll back without undoing each other.
import { hashKey } from '@tanstack/react-query'
import type { QueryClient, QueryKey, QueryState } from '@tanstack/react-query'

interface Layer {
  readonly id: number
  readonly apply: (data: unknown) => unknown
  settled: boolean
}

interface Stack {
  readonly key: QueryKey
  /** The query's state before the first pending layer, undefined when it was not cached. */
  readonly base: QueryState | undefined
  readonly layers: Array<Layer>
  /** Work (invalidations) held back until the last layer settles. */
  readonly deferred: Array<unknown>
}

const stacksByClient = new WeakMap<QueryClient, Map<string, Stack>>()
let nextLayerId = 0

function stacksOf(client: QueryClient): Map<string, Stack> {
  let stacks = stacksByClient.get(client)
  if (!stacks) {
    stacks = new Map()
    stacksByClient.set(client, stacks)
  }
  return stacks
}

/** Writes `apply(current)` to the query of `key` and returns the layer's id. */
export function pushLayer(client: QueryClient, key: QueryKey, apply: (data: unknown) => unknown): number {
  const stacks = stacksOf(client)
  const hash = hashKey(key)
  let stack = stacks.get(hash)
  if (!stack) {
    stack = {
      key,
      base: client.getQueryState(key),
      layers: [],
      deferred: [],
    }
    stacks.set(hash, stack)
  }
  const layer: Layer = { id: ++nextLayerId, apply, settled: false }
  stack.layers.push(layer)
  client.setQueryData(key, (current: unknown) => apply(current))
  return layer.id
}

/** Removes a failed layer and rewrites the query from its base and the layers that remain. */
export function dropLayer(client: QueryClient, key: QueryKey, id: number): void {
  const stack = stacksOf(client).get(hashKey(key))
  if (!stack) return
  const position = stack.layers.findIndex((layer) => layer.id === id)
  if (position === -1) return
  stack.layers.splice(position, 1)
  if (stack.layers.length > 0) {
    const data = stack.layers.reduce((current, layer) => layer.apply(current), stack.base?.data)
    client.setQueryData(key, data)
    return
  }
  restoreBase(client, stack)
}

/**
 * Marks a layer settled and holds `work` back while other layers of the key are pending (a refetch now
 * would overwrite their optimistic data). The last layer to settle gets everything held for the key, to
 * run once; the others get undefined.
 */
export function settleLayer<TWork>(
  client: QueryClient,
  key: QueryKey,
  id: number,
  work: TWork,
): Array<TWork> | undefined {
  const stacks = stacksOf(client)
  const hash = hashKey(key)
  const stack = stacks.get(hash)
  if (!stack) return [work]
  const layer = stack.layers.find((entry) => entry.id === id)
  if (layer) layer.settled = true
  stack.deferred.push(work)
  if (stack.layers.some((entry) => !entry.settled)) return undefined
  stacks.delete(hash)
  return stack.deferred as Array<TWork>
}

// Restores the snapshot itself (the same data object, its update time, status and invalidation),
// which `setQueryData` cannot: it would structurally share and stamp a new update time.
function restoreBase(client: QueryClient, stack: Stack): void {
  const { key, base } = stack
  const query = client.getQueryCache().find({ queryKey: key, exact: true })
  if (!base) {
    if (query) client.getQueryCache().remove(query)
    return
  }
  if (!query) {
    if (base.data !== undefined) client.setQueryData(key, base.data, { updatedAt: base.dataUpdatedAt })
    return
  }
  query.setState({
    ...query.state,
    data: base.data,
    dataUpdatedAt: base.dataUpdatedAt,
    dataUpdateCount: base.dataUpdateCount,
    error: base.error,
    errorUpdatedAt: base.errorUpdatedAt,
    status: base.status,
    isInvalidated: base.isInvalidated,
  })
}
