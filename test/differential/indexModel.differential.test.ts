// The index as a cache of a full scan: after any sequence of adds, removals (some of them followed by
// a fetch of the removed query), setQueryData, refetches that bring new tag definitions or hash
// functions, every key match equals TanStack's findAll and every tag match equals a scan of what each
// query's definition says about its data.
import type { Query, QueryClient, QueryKey } from '@tanstack/react-query'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { getQueryIndex } from '../../src/index'
import { tagsOption, tagSourceOf } from '../../src/internal/queryTags'
import type { TagSource } from '../../src/internal/queryTags'
import { createTestClient } from '../helpers/createTestClient'

const tagPool = ['t1', 't2', 't3', 'org:o1']

/** Tags a definition provides: fixed ones, or read from the data (as entity tags are). */
type TagRecipe = { from: 'static'; tags: Array<string> } | { from: 'data' } | { from: 'none' }

type Operation =
  | { type: 'add'; key: Array<unknown>; tags: TagRecipe; lowerCaseHash: boolean }
  | { type: 'remove'; pick: number; thenFetch: boolean }
  | { type: 'setData'; pick: number; tags: Array<string> }
  | { type: 'refetch'; pick: number; tags: TagRecipe; lowerCaseHash: boolean }
  | { type: 'check'; pick: number; length: number; exact: boolean; asJson: boolean; tag: string }

const sourceOf = (recipe: TagRecipe): TagSource | undefined => {
  if (recipe.from === 'none') return undefined
  if (recipe.from === 'static') return () => recipe.tags
  return (data) => (data as { tags?: Array<string> } | undefined)?.tags ?? []
}

const lowerCase = (key: QueryKey) => JSON.stringify(key).toLowerCase()
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n))

const element = fc.oneof(
  fc.constantFrom('a', 'A', 'b', 'list', 0, 1, Number.NaN, null, true),
  fc.integer({ min: 0, max: 1 }).map(day),
  fc.integer({ min: 0, max: 1 }).map((n) => day(n).toISOString()),
  fc.dictionary(fc.constantFrom('x', 'y'), fc.constantFrom('a', 1, null), { maxKeys: 2 }),
)
const tagRecipe: fc.Arbitrary<TagRecipe> = fc.oneof(
  fc.record({ from: fc.constant('static' as const), tags: fc.subarray(tagPool) }),
  fc.constant({ from: 'data' as const }),
  fc.constant({ from: 'none' as const }),
)
const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('add' as const),
      key: fc.array(element, { maxLength: 4 }),
      tags: tagRecipe,
      lowerCaseHash: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('remove' as const), pick: fc.nat(), thenFetch: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('setData' as const), pick: fc.nat(), tags: fc.subarray(tagPool) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('refetch' as const),
      pick: fc.nat(),
      tags: tagRecipe,
      lowerCaseHash: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('check' as const),
      pick: fc.nat(),
      length: fc.nat({ max: 4 }),
      exact: fc.boolean(),
      asJson: fc.boolean(),
      tag: fc.constantFrom(...tagPool),
    }),
  },
)

const hashes = (queries: Array<Query>) => queries.map((query) => query.queryHash).sort()

/** The tags a query provides now, by a full evaluation of its definition. */
const scannedTags = (query: Query) => [...new Set(tagSourceOf(query)?.(query.state.data) ?? [])]

function check(client: QueryClient, operation: Extract<Operation, { type: 'check' }>): void {
  const all = client.getQueryCache().getAll()
  const index = getQueryIndex(client)
  const source = all.length > 0 ? all[operation.pick % all.length]!.queryKey.slice(0, operation.length) : []
  const filter = operation.asJson ? (JSON.parse(JSON.stringify(source)) as QueryKey) : source
  const { exact } = operation
  expect(hashes(index.matchKey(filter, { exact })), `${JSON.stringify(filter)} exact ${exact}`).toEqual(
    hashes(client.getQueryCache().findAll({ queryKey: filter, exact })),
  )
  expect(hashes(index.matchTags([operation.tag])), operation.tag).toEqual(
    hashes(all.filter((query) => scannedTags(query).includes(operation.tag))),
  )
  for (const query of all) expect([...index.tagsOf(query)].sort()).toEqual(scannedTags(query).sort())
}

async function run(operations: Array<Operation>): Promise<void> {
  const client = createTestClient()
  const cache = client.getQueryCache()
  getQueryIndex(client)
  const pick = (n: number) => {
    const all = cache.getAll()
    return all.length > 0 ? all[n % all.length] : undefined
  }
  for (const operation of operations) {
    switch (operation.type) {
      case 'add':
        cache.build(client, {
          queryKey: operation.key,
          ...(operation.lowerCaseHash && { queryKeyHashFn: lowerCase }),
          [tagsOption]: sourceOf(operation.tags),
        } as never)
        break
      case 'remove': {
        const query = pick(operation.pick)
        if (!query) break
        cache.remove(query)
        // Someone still holding the removed query makes it fetch: its events must not bring it back.
        if (operation.thenFetch) await query.fetch({ ...query.options, queryFn: () => ({ tags: ['t2'] }) } as never)
        break
      }
      case 'setData': {
        const query = pick(operation.pick)
        if (query) client.setQueryData(query.queryKey, { tags: operation.tags }, { updatedAt: Date.now() })
        break
      }
      case 'refetch': {
        // A definition arriving with its fetch: the options (the tag source, the hash function) change.
        const query = pick(operation.pick)
        if (!query) break
        const options = {
          ...query.options,
          queryFn: () => ({ tags: ['t1'] }),
          queryKeyHashFn: operation.lowerCaseHash ? lowerCase : undefined,
          [tagsOption]: sourceOf(operation.tags),
        }
        await query.fetch(options as never)
        break
      }
      case 'check':
        check(client, operation)
    }
  }
  getQueryIndex(client).dispose()
  client.clear()
}

describe('the query index as a model of a full scan', () => {
  it('matches keys and tags as a full scan does after any sequence of cache changes', async () => {
    await fc.assert(fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 30 }), run), { numRuns: 200 })
  })
})
