// Optimistic writes stacked per query: each pending mutation is a layer over the data the query held
// before the first of them. A failed layer is removed and the rest re-applied, so overlapping
// mutations on one key roll back without undoing each other.
import { hashKey } from '@tanstack/react-query'
import type { QueryClient, QueryKey } from '@tanstack/react-query'

interface Layer {
  readonly id: number
  readonly apply: (data: unknown) => unknown
  settled: boolean
}

interface Stack {
  readonly key: QueryKey
  /** The query as it was before the first pending layer. */
  readonly base: { existed: boolean; data: unknown; updatedAt: number }
  readonly layers: Array<Layer>
  /** Invalidations held back until the last layer settles. */
  readonly deferred: Array<() => void>
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
    const state = client.getQueryState(key)
    stack = {
      key,
      base: { existed: state !== undefined, data: state?.data, updatedAt: state?.dataUpdatedAt ?? 0 },
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
    const data = stack.layers.reduce((current, layer) => layer.apply(current), stack.base.data)
    client.setQueryData(key, data)
    return
  }
  restoreBase(client, stack)
}

/**
 * Marks a layer settled. While other layers of the key are pending, `invalidate` is held back (a
 * refetch now would overwrite their optimistic data); the last layer to settle runs them all.
 */
export function settleLayer(client: QueryClient, key: QueryKey, id: number, invalidate: () => void): void {
  const stacks = stacksOf(client)
  const hash = hashKey(key)
  const stack = stacks.get(hash)
  if (!stack) return invalidate()
  const layer = stack.layers.find((entry) => entry.id === id)
  if (layer) layer.settled = true
  stack.deferred.push(invalidate)
  if (stack.layers.some((entry) => !entry.settled)) return
  stacks.delete(hash)
  for (const run of stack.deferred) run()
}

function restoreBase(client: QueryClient, stack: Stack): void {
  const { key, base } = stack
  if (base.data !== undefined) {
    client.setQueryData(key, base.data, { updatedAt: base.updatedAt })
  } else if (base.existed) {
    client.getQueryCache().find({ queryKey: key, exact: true })?.reset()
  } else {
    client.removeQueries({ queryKey: key, exact: true })
  }
}
