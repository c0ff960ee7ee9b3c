// limitCache against what an app or its data may hand it: data that cannot be measured, mutation contexts that
// only look like optimistic layers, keys its hash cannot read, and a stop called more than once.
import type { QueryClient } from '@tanstack/react-query'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { limitCache } from '../src/index'
import { createTestClient } from './helpers/createTestClient'

const stops: Array<() => void> = []
beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
  vi.useRealTimers()
})

const passes = () => {
  for (let pass = 0; pass < 3; pass++) vi.advanceTimersByTime(1)
}
const hashes = (client: QueryClient) =>
  client
    .getQueryCache()
    .getAll()
    .map((query) => query.queryHash)

/** A pending mutation whose context is `context`, as a `defineMutation` run keeps `{ key, layer }`. */
function pendingMutation(client: QueryClient, context: unknown) {
  client.getMutationCache().build(
    client,
    { mutationFn: () => new Promise<never>(() => {}) },
    {
      context,
      data: undefined,
      error: null,
      failureCount: 0,
      failureReason: null,
      isPaused: false,
      status: 'pending',
      variables: undefined,
      submittedAt: 0,
    },
  )
}

describe('limitCache with hostile input', () => {
  it('bounds by bytes through data whose getters throw and data that is cyclic', () => {
    const client = createTestClient()
    const cyclic: Record<string, unknown> = { text: 'x'.repeat(200) }
    cyclic.self = cyclic
    const throwing = {
      get boom(): never {
        throw new Error('boom')
      },
    }
    client.setQueryData(['cyclic'], cyclic)
    client.setQueryData(['throwing'], throwing)
    client.setQueryData(['plain'], 'y'.repeat(50))
    stops.push(limitCache(client, { maxQueries: Infinity, maxBytes: 100 }))
    passes()
    expect(hashes(client)).toEqual(['["throwing"]', '["plain"]'])
  })

  it('ignores mutation contexts that only look like an optimistic layer', () => {
    const client = createTestClient()
    client.setQueryData(['a'], 1)
    client.setQueryData(['b'], 2)
    for (const context of [{ key: 'a', layer: 1 }, { key: ['a'], layer: '1' }, null, 'junk', { key: [10n], layer: 1 }])
      pendingMutation(client, context)
    stops.push(limitCache(client, { maxQueries: 0 }))
    passes()
    expect(hashes(client)).toEqual([])
  })

  it('spares, rather than throws on, a query whose key its hash cannot read while layers are pending', () => {
    const client = createTestClient()
    const queryKeyHashFn = (key: ReadonlyArray<unknown>) => String(key)
    client
      .getQueryCache()
      .build(client, { queryKey: ['big', 10n], queryKeyHashFn })
      .setData(1)
    client.setQueryData(['held'], 2)
    pendingMutation(client, { key: ['held'], layer: 1 })
    stops.push(limitCache(client, { maxQueries: 0 }))
    expect(passes).not.toThrow()
    expect(hashes(client)).toEqual(['big,10', '["held"]'])
  })

  it('can be stopped twice, and a second limit on the same client keeps working after the first stops', () => {
    const client = createTestClient()
    const stopFirst = limitCache(client, { maxQueries: 5 })
    stops.push(limitCache(client, { maxQueries: 1 }))
    stopFirst()
    stopFirst()
    for (let at = 0; at < 3; at++) client.setQueryData(['item', at], at)
    passes()
    expect(hashes(client)).toEqual(['["item",2]'])
  })

  it('reads its options once, so options changed afterwards change nothing', () => {
    const client = createTestClient()
    const options = { maxQueries: 1 }
    stops.push(limitCache(client, options))
    options.maxQueries = 100
    for (let at = 0; at < 3; at++) client.setQueryData(['item', at], at)
    passes()
    expect(hashes(client)).toHaveLength(1)
  })
})
