// limitCache against TanStack alone: the same operations on two clients, one bounded. With a bound the cache
// never reaches, the same queries are cached; with a small one, the bounded cache holds a subset of TanStack's
// and keeps every query in use.
import { QueryObserver } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { limitCache } from '../../src/index'
import { createTestClient } from '../helpers/createTestClient'

type Operation =
  | { type: 'set' | 'fetch' | 'observe' | 'unobserve' | 'remove' | 'invalidate' | 'reset'; key: number }
  | { type: 'clear' }

// Mostly operations that add queries, so the cache often reaches the bound; `clear` is rare.
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: fc.record({ type: fc.constantFrom('set', 'fetch'), key: fc.integer({ min: 0, max: 7 }) }), weight: 4 },
  fc.record({
    type: fc.constantFrom('set', 'fetch', 'observe', 'unobserve', 'remove', 'invalidate', 'reset'),
    key: fc.integer({ min: 0, max: 7 }),
  }) as fc.Arbitrary<Operation>,
  { arbitrary: fc.constant({ type: 'clear' } as Operation), weight: 1 },
)

/** Applies operations to a client, keeping the unsubscribes of the observers it opened. */
function driver(client: QueryClient) {
  const observed = new Map<number, Array<() => void>>()
  return async (op: Operation) => {
    if (op.type === 'clear') return client.clear()
    const queryKey = ['item', op.key]
    switch (op.type) {
      case 'set':
        client.setQueryData(queryKey, { at: op.key, text: 'x'.repeat(op.key * 10) })
        break
      case 'fetch':
        await client.fetchQuery({ queryKey, queryFn: () => op.key, staleTime: 0 })
        break
      case 'observe': {
        const observer = new QueryObserver(client, { queryKey, queryFn: () => op.key, enabled: false })
        observed.set(op.key, [...(observed.get(op.key) ?? []), observer.subscribe(() => {})])
        break
      }
      case 'unobserve':
        observed.get(op.key)?.pop()?.()
        break
      case 'remove':
        client.removeQueries({ queryKey, exact: true })
        break
      case 'invalidate':
        await client.invalidateQueries({ queryKey })
        break
      case 'reset':
        await client.resetQueries({ queryKey, exact: true })
        break
    }
  }
}

const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0))
const hashes = (client: QueryClient) =>
  client
    .getQueryCache()
    .getAll()
    .map((query) => query.queryHash)
    .sort()

async function runBoth(operations: Array<Operation>, maxQueries: number) {
  const ours = createTestClient()
  const theirs = createTestClient()
  const stop = limitCache(ours, { maxQueries })
  const [runOurs, runTheirs] = [driver(ours), driver(theirs)]
  const steps: Array<{ ours: Array<string>; theirs: Array<string>; inUse: Array<string> }> = []
  for (const op of operations) {
    await runOurs(op)
    await runTheirs(op)
    // Two passes: the first spares what was just used.
    await macrotask()
    await macrotask()
    const inUse = ours
      .getQueryCache()
      .findAll({ predicate: (query) => query.getObserversCount() > 0 })
      .map((query) => query.queryHash)
    steps.push({ ours: hashes(ours), theirs: hashes(theirs), inUse })
  }
  stop()
  ours.clear()
  theirs.clear()
  return steps
}

describe('limitCache against TanStack alone', () => {
  it('caches the same queries after the same operations when the bound is as large as the cache can grow', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 40 }), async (operations) => {
        for (const step of await runBoth(operations, 8)) expect(step.ours).toEqual(step.theirs)
      }),
      { numRuns: 60 },
    )
  })

  it('holds a subset of what TanStack holds, within the bound, and every observed query', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 40 }), async (operations) => {
        for (const step of await runBoth(operations, 3)) {
          expect(step.theirs).toEqual(expect.arrayContaining(step.ours))
          expect(step.ours).toEqual(expect.arrayContaining(step.inUse))
          expect(step.ours.length).toBeLessThanOrEqual(Math.max(3, step.inUse.length))
        }
      }),
      { numRuns: 60 },
    )
  })
})
