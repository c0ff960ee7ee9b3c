// Which queries a key selects: TanStack's own findAll and partialMatchKey scenarios (query-core's
// queryCache and utils tests), then random caches and filters, each run through `invalidateKeys` on one
// client and `invalidateQueries` on a twin. The same queries must end invalidated.
import type { QueryClient, QueryClientConfig, QueryKey } from '@tanstack/react-query'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { invalidateKeys } from '../../src/index'
import { createTestClient } from '../helpers/createTestClient'

/** queryHash → invalidated, after invalidating `filters` on a client holding `cached`. */
function selection(
  cached: ReadonlyArray<QueryKey>,
  invalidate: (client: QueryClient) => unknown,
  config?: QueryClientConfig,
): Record<string, boolean> {
  const client = createTestClient(config)
  for (const key of cached) client.setQueryData(key, 'cached')
  void invalidate(client)
  const flags: Record<string, boolean> = {}
  for (const query of client.getQueryCache().getAll()) flags[query.queryHash] = query.state.isInvalidated
  return flags
}

function bothSelections(
  cached: ReadonlyArray<QueryKey>,
  filters: ReadonlyArray<QueryKey>,
  exact: boolean,
  config?: QueryClientConfig,
) {
  const ours = selection(cached, (client) => invalidateKeys(client, filters, { exact, refetch: 'none' }), config)
  const theirs = selection(
    cached,
    (client) => filters.map((queryKey) => client.invalidateQueries({ queryKey, exact, refetchType: 'none' })),
    config,
  )
  return { ours, theirs }
}

/** The cached keys `filter` selects through the toolkit, after checking TanStack selects the same. */
function selected(cached: ReadonlyArray<QueryKey>, filter: QueryKey, exact = false): Array<string> {
  const { ours, theirs } = bothSelections(cached, [filter], exact)
  expect(ours).toEqual(theirs)
  return Object.keys(ours).filter((hash) => ours[hash])
}

describe('key selection against TanStack, on its findAll scenarios', () => {
  const cached: Array<QueryKey> = [['k1'], ['k2'], [{ a: 'a', b: 'b' }], ['posts', 1]]

  it('selects a key by itself', () => {
    expect(selected(cached, ['k1'])).toEqual(['["k1"]'])
  })

  it('selects nothing for a key wrapped in one more array', () => {
    expect(selected(cached, [['k1']])).toEqual([])
  })

  it('selects everything for the empty key', () => {
    expect(selected(cached, [])).toHaveLength(4)
  })

  it('selects an object key by a subset of its properties', () => {
    expect(selected(cached, [{ b: 'b' }])).toEqual(['[{"a":"a","b":"b"}]'])
  })

  it('does not select an object key by a subset when exact', () => {
    expect(selected(cached, [{ a: 'a' }], true)).toEqual([])
  })

  it('selects an object key by all its properties when exact', () => {
    expect(selected(cached, [{ a: 'a', b: 'b' }], true)).toEqual(['[{"a":"a","b":"b"}]'])
  })

  it('does not select an object key by a superset of its properties', () => {
    expect(selected(cached, [{ a: 'a', b: 'b', c: 'c' }])).toEqual([])
  })

  it('selects a longer key by its prefix', () => {
    expect(selected(cached, ['posts'])).toEqual(['["posts",1]'])
  })
})

describe('key selection against TanStack, on its partialMatchKey scenarios', () => {
  it('selects a key whose nested object includes the filter, empty arrays included', () => {
    const key = [{ a: { b: 'b' }, c: 'c', d: [{ d: 'd ' }] }]
    expect(selected([key], [{ a: { b: 'b' }, c: 'c', d: [] }])).toHaveLength(1)
  })

  it('does not select a key whose nested array is shorter than the filter', () => {
    expect(selected([[{ a: { b: 'b' }, c: 'c', d: [] }]], [{ a: { b: 'b' }, c: 'c', d: [{ d: 'd ' }] }])).toEqual([])
  })

  it('does not select a null element by an object, nor an object by null', () => {
    expect(selected([[null]], [{ a: 'a' }])).toEqual([])
    expect(selected([[{ a: 'a' }]], [null])).toEqual([])
    expect(selected([[{ a: null, c: 'c' }]], [{ a: { b: 'b' } }])).toEqual([])
  })

  it('treats an undefined property as matching a missing one, both ways', () => {
    expect(selected([['todos', {}]], ['todos', { filters: undefined }])).toHaveLength(1)
    expect(selected([['todos', { filters: undefined }]], ['todos', {}])).toHaveLength(1)
  })
})

describe('key selection against TanStack, keys that hash equal', () => {
  const when = new Date('2026-05-06T07:08:09.010Z')

  it.each([
    ['a Date and its ISO string', [['at', when]], ['at', when.toISOString()]],
    ['an ISO string and a Date', [['at', when.toISOString()]], ['at', when]],
    ['an object with toJSON and its JSON', [['doc', { toJSON: () => ({ id: 3 }) }]], ['doc', { id: 3 }]],
    ['NaN and null', [['n', Number.NaN]], ['n', null]],
    ['undefined in an array and null', [['u', undefined, 'x']], ['u', null, 'x']],
    ['an undefined property and none', [['o', { a: 1, b: undefined }]], ['o', { a: 1 }]],
    ['a sparse array and one holding null', [['s', [1, , 3]]], ['s', [1, null, 3]]],
  ] as Array<[string, Array<QueryKey>, QueryKey]>)('selects exactly as TanStack for %s', (_, cached, filter) => {
    const { ours, theirs } = bothSelections(cached, [filter], true)
    expect(ours).toEqual(theirs)
  })

  it('selects as TanStack when the client hashes keys its own way', () => {
    const config = { defaultOptions: { queries: { queryKeyHashFn: (key: QueryKey) => key.map(String).join('/') } } }
    const { ours, theirs } = bothSelections([['a', 1], ['a', '1'], ['b']], [['a', '1']], true, config)
    expect(ours).toEqual(theirs)
    expect(ours).toEqual({ 'a/1': true, b: false })
  })
})

// Random caches and filters. Elements mix what keys hold in practice with what trips equality
// and hashing up: NaN, -0, undefined, Dates (cached) against their ISO strings (filters), toJSON.
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n))
const scalar = fc.oneof(
  fc.constantFrom('a', 'b', 'list', 'detail', 0, 1, -0, Number.NaN, null, undefined, true, false),
  fc.integer({ min: 0, max: 2 }).map((n) => day(n).toISOString()),
)
const element: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    scalar,
    fc.integer({ min: 0, max: 2 }).map(day),
    tie('value').map((inner) => ({ toJSON: () => inner })),
    fc.dictionary(fc.constantFrom('x', 'y'), tie('value'), { maxKeys: 2 }),
    fc.array(tie('value'), { maxLength: 2 }),
  ),
})).value
const key = fc.array(element, { maxLength: 4 })

/** Filters made from the cached keys (prefixes, as JSON would carry them) and free ones. */
function filtersFor(cached: Array<QueryKey>) {
  const fromCache = fc.tuple(fc.nat(), fc.nat({ max: 4 }), fc.boolean()).map(([pick, length, asJson]) => {
    if (cached.length === 0) return []
    const source = cached[pick % cached.length]!.slice(0, length)
    return asJson ? (JSON.parse(JSON.stringify(source)) as QueryKey) : source
  })
  return fc.array(fc.oneof(fromCache, key), { minLength: 1, maxLength: 3 })
}

const hashFns: Array<QueryClientConfig> = [
  {},
  { defaultOptions: { queries: { queryKeyHashFn: (k: QueryKey) => JSON.stringify(k).toLowerCase() } } },
]

describe('key selection against TanStack, random caches and filters', () => {
  it('selects the same queries as invalidateQueries for any cache, filters and exact', () => {
    const scenario = fc
      .array(key, { maxLength: 8 })
      .chain((cached) => fc.tuple(fc.constant(cached), filtersFor(cached), fc.boolean(), fc.constantFrom(...hashFns)))
    fc.assert(
      fc.property(scenario, ([cached, filters, exact, config]) => {
        const { ours, theirs } = bothSelections(cached, filters, exact, config)
        expect(ours).toEqual(theirs)
      }),
      { numRuns: 300 },
    )
  })
})
