import type { Query, QueryClient, QueryKey } from '@tanstack/react-query'
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { getQueryIndex, invalidateKeys } from '../src/index'
import { tagsOption } from '../src/internal/queryTags'
import { createTestClient } from './helpers/createTestClient'

type Operation =
  | { type: 'add'; key: Array<unknown> }
  | { type: 'remove'; pick: number }
  | { type: 'check'; filter: FilterRecipe; exact: boolean }

/** How to build a filter key: from an existing key (a prefix, objects cut to subsets) or a free one. */
type FilterRecipe =
  | { from: 'existing'; pick: number; length: number; keep: Array<boolean>; alias: boolean }
  | { from: 'free'; key: Array<unknown> }

const names = ['a', 'b', 'c', 'list', 'detail']

function valueArbitrary(scalars: fc.Arbitrary<unknown>) {
  return fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalars,
      fc.dictionary(fc.constantFrom('x', 'y', 'z'), tie('value'), { maxKeys: 3 }),
      fc.array(tie('value'), { maxLength: 3 }),
    ),
  })).value
}

// Aliasing is harmless here: with no NaN, infinities or undefined, only null becomes NaN.
const plainScalars = fc.oneof(
  fc.constantFrom(...names),
  fc.integer({ min: -1, max: 3 }),
  fc.boolean(),
  fc.constant(null),
)

// Values whose equality and hashing disagree: NaN never equals itself, -0 equals 0, and
// NaN, ±Infinity, null and undefined (in arrays) all hash to `null`.
const edgeScalars = fc.oneof(
  plainScalars,
  fc.constantFrom(Number.NaN, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, undefined),
)

function operationsArbitrary(scalars: fc.Arbitrary<unknown>) {
  const element = valueArbitrary(scalars)
  const key = fc.array(
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...names) }, { weight: 2, arbitrary: element }),
    {
      minLength: 0,
      maxLength: 5,
    },
  )
  const filter: fc.Arbitrary<FilterRecipe> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        from: fc.constant('existing' as const),
        pick: fc.nat(),
        length: fc.nat({ max: 6 }),
        keep: fc.array(fc.boolean(), { maxLength: 12 }),
        alias: fc.boolean(),
      }),
    },
    { weight: 1, arbitrary: fc.record({ from: fc.constant('free' as const), key }) },
  )
  const operation: fc.Arbitrary<Operation> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ type: fc.constant('add' as const), key }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('remove' as const), pick: fc.nat() }) },
    { weight: 3, arbitrary: fc.record({ type: fc.constant('check' as const), filter, exact: fc.boolean() }) },
  )
  return fc.array(operation, { minLength: 1, maxLength: 40 })
}

/** A value that hashes like `value` but is a different value (null <-> NaN, Infinity, undefined; -0 -> 0). */
function hashAlias(value: unknown): unknown {
  if (value === null) return Number.NaN
  if (value === undefined || Number.isNaN(value) || value === Number.POSITIVE_INFINITY) return null
  if (Object.is(value, -0)) return 0
  return value
}

/**
 * A subset of `value`: object properties dropped and arrays cut where `keep` says so; with `alias`,
 * scalars swapped for values that hash alike.
 */
function subsetOf(value: unknown, keep: Array<boolean>, alias: boolean): unknown {
  if (Array.isArray(value)) {
    const length = keep.shift() === false ? Math.floor(value.length / 2) : value.length
    return value.slice(0, length).map((item) => subsetOf(item, keep, alias))
  }
  if (typeof value === 'object' && value !== null) {
    const subset: Record<string, unknown> = {}
    for (const [property, item] of Object.entries(value)) {
      if (keep.shift() !== false) subset[property] = subsetOf(item, keep, alias)
    }
    return subset
  }
  return alias ? hashAlias(value) : value
}

function filterFrom(recipe: FilterRecipe, cached: Array<Query>): QueryKey {
  if (recipe.from === 'free' || cached.length === 0) return recipe.from === 'free' ? recipe.key : []
  const source = cached[recipe.pick % cached.length]!.queryKey
  const keep = [...recipe.keep]
  return source.slice(0, Math.min(recipe.length, source.length)).map((element) => subsetOf(element, keep, recipe.alias))
}

const hashes = (queries: Array<Query>) => queries.map((query) => query.queryHash).sort()

function run(operations: Array<Operation>): void {
  const client: QueryClient = createTestClient()
  const cache = client.getQueryCache()
  for (const operation of operations) {
    switch (operation.type) {
      case 'add':
        cache.build(client, { queryKey: operation.key })
        break
      case 'remove': {
        const all = cache.getAll()
        if (all.length > 0) cache.remove(all[operation.pick % all.length]!)
        break
      }
      case 'check': {
        const filter = filterFrom(operation.filter, cache.getAll())
        const { exact } = operation
        const found = getQueryIndex(client).matchKey(filter, { exact })
        expect(found.length, 'no query twice').toBe(new Set(found).size)
        expect(hashes(found), `filter ${JSON.stringify(filter)} exact ${exact}`).toEqual(
          hashes(cache.findAll({ queryKey: filter, exact })),
        )
      }
    }
  }
  getQueryIndex(client).dispose()
}

describe('getQueryIndex', () => {
  it('matches exactly the queries findAll selects, over random caches, filters and removals', () => {
    fc.assert(fc.property(operationsArbitrary(plainScalars), run), { numRuns: 300 })
  })

  it('matches exactly the queries findAll selects when keys hold NaN, -0, infinities and undefined', () => {
    fc.assert(fc.property(operationsArbitrary(edgeScalars), run), { numRuns: 300 })
  })

  it('finds a query by a prefix of its key', () => {
    const client = createTestClient()
    client.setQueryData(['projects', 'detail', 'p1'], 1)
    client.setQueryData(['projects', 'list', 'o1'], 2)
    expect(
      getQueryIndex(client)
        .matchKey(['projects', 'detail'])
        .map((query) => query.queryKey),
    ).toEqual([['projects', 'detail', 'p1']])
  })

  it('matches an object element as a subset of the cached object', () => {
    const client = createTestClient()
    client.setQueryData(['projects', { orgId: 'o1', page: 2 }], 1)
    client.setQueryData(['projects', { orgId: 'o2', page: 2 }], 2)
    expect(
      getQueryIndex(client)
        .matchKey(['projects', { orgId: 'o1' }])
        .map((query) => query.queryKey),
    ).toEqual([['projects', { orgId: 'o1', page: 2 }]])
  })

  it('matches an exact key only', () => {
    const client = createTestClient()
    client.setQueryData(['projects', 'detail'], 1)
    client.setQueryData(['projects', 'detail', 'p1'], 2)
    expect(
      getQueryIndex(client)
        .matchKey(['projects', 'detail'], { exact: true })
        .map((query) => query.queryKey),
    ).toEqual([['projects', 'detail']])
  })

  it('matches an exact key by its hash as TanStack does, so NaN finds a key cached with null', () => {
    const client = createTestClient()
    client.setQueryData(['scores', null], 1)
    expect(getQueryIndex(client).matchKey(['scores', Number.NaN], { exact: true })).toHaveLength(1)
    expect(client.getQueryCache().findAll({ queryKey: ['scores', Number.NaN], exact: true })).toHaveLength(1)
  })

  it('matches an exact key of a query with its own queryKeyHashFn', async () => {
    const client = createTestClient()
    await client.prefetchQuery({
      queryKey: ['custom', 1],
      queryFn: () => 1,
      queryKeyHashFn: (key) => `custom:${key.join('/')}`,
    })
    expect(getQueryIndex(client).matchKey(['custom', 1], { exact: true })).toHaveLength(1)
  })

  it('stops hashing exact filters with a queryKeyHashFn once no cached query uses it', async () => {
    const client = createTestClient()
    const index = getQueryIndex(client)
    const hashFn = vi.fn((key: QueryKey) => `custom:${JSON.stringify(key)}`)
    await client.prefetchQuery({ queryKey: ['custom', 2], queryFn: () => 2, queryKeyHashFn: hashFn })
    client.getQueryCache().clear()
    hashFn.mockClear()
    expect(index.matchKey(['custom', 2], { exact: true })).toEqual([])
    expect(hashFn).not.toHaveBeenCalled()
  })

  it('finds a query once when two hash functions in use give the filter its hash', async () => {
    const client = createTestClient()
    const index = getQueryIndex(client)
    await client.prefetchQuery({ queryKey: ['a'], queryFn: () => 1, queryKeyHashFn: (key) => `h:${String(key[0])}` })
    await client.prefetchQuery({ queryKey: ['b'], queryFn: () => 2, queryKeyHashFn: (key) => `h:${String(key[0])}` })
    expect(index.matchKey(['a'], { exact: true })).toEqual([client.getQueryCache().get('h:a')])
  })

  it('indexes queries cached before the index was built', () => {
    const client = createTestClient()
    client.setQueryData(['early'], 1)
    expect(getQueryIndex(client).matchKey(['early'])).toHaveLength(1)
  })

  it('returns the same index for the same client', () => {
    const client = createTestClient()
    expect(getQueryIndex(client)).toBe(getQueryIndex(client))
  })

  it('stops following the cache once disposed, and the next call builds a fresh index', () => {
    const client = createTestClient()
    const index = getQueryIndex(client)
    index.dispose()
    client.setQueryData(['later'], 1)
    expect(index.matchKey(['later'])).toEqual([])
    const fresh = getQueryIndex(client)
    expect(fresh).not.toBe(index)
    expect(fresh.matchKey(['later'])).toHaveLength(1)
  })

  it('forgets a query removed by garbage collection', async () => {
    const client = createTestClient()
    const index = getQueryIndex(client)
    await client.prefetchQuery({ queryKey: ['short-lived'], queryFn: () => 1, gcTime: 0 })
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(client.getQueryCache().getAll()).toEqual([])
    expect(index.matchKey(['short-lived'])).toEqual([])
  })

  it('ignores events of a query already removed from the cache, so exact matches find the live one', async () => {
    const client = createTestClient()
    const cache = client.getQueryCache()
    getQueryIndex(client)
    const removed = cache.build(client, { queryKey: ['x'], queryFn: () => 'old' })
    cache.remove(removed)
    client.setQueryData(['x'], 'live')
    // Whoever still holds the removed query (an observer not yet re-rendered) can make it fetch.
    await removed.fetch()

    await invalidateKeys(client, [['x']], { exact: true })

    expect(client.getQueryState(['x'])?.isInvalidated).toBe(true)
    expect(getQueryIndex(client).matchKey(['x'], { exact: true })).toEqual([
      cache.find({ queryKey: ['x'], exact: true }),
    ])
  })

  it('does not list a removed query under its tags when it fetches again', async () => {
    const client = createTestClient()
    const cache = client.getQueryCache()
    const index = getQueryIndex(client)
    const removed = cache.build(client, { queryKey: ['t'], queryFn: () => 'old', [tagsOption]: () => ['tag'] } as never)
    cache.remove(removed)
    await removed.fetch()
    expect(index.matchTags(['tag'])).toEqual([])
  })

  it('forgets a removed query even when its key array was mutated after it was cached', () => {
    const client = createTestClient()
    const index = getQueryIndex(client)
    const key: Array<unknown> = ['mutable']
    client.setQueryData(key, 1)
    key.push('later')
    client.getQueryCache().clear()
    expect(index.matchKey([])).toEqual([])
  })
})
