// The metrics' memory table against TanStack's own cache: after any sequence of cache operations (evictions
// included), the queries and bytes per scope are what a full scan of `getAll()` gives, and the evictions are
// the removals limitCache made.
import type { QueryClient } from '@tanstack/react-query'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { limitCache } from '../../src/limitCache'
import { estimateBytes } from '../../src/limit/estimateBytes'
import { getCacheMetrics } from '../../src/metrics/getCacheMetrics'
import { trackCacheMetrics } from '../../src/metrics/trackCacheMetrics'
import { createTestClient } from '../helpers/createTestClient'

type Operation =
  | { type: 'set'; scope: string; id: number; size: number }
  | { type: 'fetch'; scope: string; id: number; size: number }
  | { type: 'remove'; scope: string }
  | { type: 'reset'; scope: string; id: number }
  | { type: 'clear' }

const scope = fc.constantFrom('projects', 'users', '__proto__', 'constructor')
const id = fc.integer({ min: 0, max: 5 })
const size = fc.integer({ min: 0, max: 300 })
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant('set' as const), scope, id, size }), weight: 5 },
  { arbitrary: fc.record({ type: fc.constant('fetch' as const), scope, id, size }), weight: 3 },
  { arbitrary: fc.record({ type: fc.constant('remove' as const), scope }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant('reset' as const), scope, id }), weight: 1 },
  { arbitrary: fc.constant({ type: 'clear' as const }), weight: 1 },
)

async function apply(client: QueryClient, op: Operation) {
  if (op.type === 'clear') return client.clear()
  if (op.type === 'remove') return client.removeQueries({ queryKey: [op.scope] })
  const queryKey = [op.scope, op.id]
  if (op.type === 'reset') return client.resetQueries({ queryKey, exact: true })
  const data = { text: 'x'.repeat(op.size), list: Array.from({ length: op.size % 40 }, (_, at) => ({ at })) }
  if (op.type === 'set') client.setQueryData(queryKey, data)
  // The data is the operation's, not an input of the key.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  else await client.fetchQuery({ queryKey, queryFn: () => data, staleTime: 0 })
}

function scan(client: QueryClient) {
  const table = Object.create(null) as Record<string, { queries: number; bytes: number }>
  for (const query of client.getQueryCache().getAll()) {
    const row = (table[query.queryKey[0] as string] ??= { queries: 0, bytes: 0 })
    row.queries++
    row.bytes += estimateBytes(query.state.data)
  }
  return table
}

const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('memory metrics against the query cache', () => {
  it('count per scope the queries and bytes a full scan of the cache finds, and the evictions made', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 40 }), fc.integer({ min: 0, max: 6 }), async (ops, bound) => {
        const client = createTestClient()
        const stopTracking = trackCacheMetrics(client)
        const stopLimit = limitCache(client, { maxQueries: bound })
        // Removals outside the app's own operations are limitCache's (TanStack's gc would take 5 minutes).
        let inOperation = false
        let evicted = 0
        const unsubscribe = client.getQueryCache().subscribe((event) => {
          if (event.type === 'removed' && !inOperation) evicted++
        })
        for (const op of ops) {
          inOperation = true
          await apply(client, op)
          inOperation = false
          await macrotask()
          await macrotask()
          const { memory, evictions } = getCacheMetrics(client)
          const held = Object.create(null) as Record<string, { queries: number; bytes: number }>
          for (const [name, row] of Object.entries(memory))
            if (row.queries > 0) held[name] = { queries: row.queries, bytes: row.bytes }
          expect(held).toEqual(scan(client))
          expect(evictions).toBe(evicted)
          expect(Object.values(memory).reduce((sum, row) => sum + row.evictions, 0)).toBe(evicted)
        }
        stopLimit()
        unsubscribe()
        stopTracking()
        client.clear()
      }),
      { numRuns: 50 },
    )
  })
})
