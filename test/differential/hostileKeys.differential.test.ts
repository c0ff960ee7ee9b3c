// Hostile keys and options at the toolkit's invalidation boundary: odd keys select what TanStack selects,
// malformed input is refused with a clear error before anything is invalidated, and keys far larger
// than any app writes stay cheap to index.
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { QueryKeyError, ToolkitError, getQueryIndex, invalidateKeys, invalidateTags } from '../../src/index'
import { createTestClient } from '../helpers/createTestClient'

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

function flags(client: QueryClient): Record<string, boolean> {
  const result: Record<string, boolean> = {}
  for (const query of client.getQueryCache().getAll()) result[query.queryHash] = query.state.isInvalidated
  return result
}

function bothSelect(cached: Array<QueryKey>, filter: QueryKey, exact: boolean) {
  const ours = createTestClient()
  const theirs = createTestClient()
  for (const key of cached) {
    ours.setQueryData(key, 'cached')
    theirs.setQueryData(key, 'cached')
  }
  void invalidateKeys(ours, [filter], { exact, refetch: 'none' })
  void theirs.invalidateQueries({ queryKey: filter, exact, refetchType: 'none' })
  return { ours: flags(ours), theirs: flags(theirs) }
}

const sparse = (): QueryKey => {
  const key: Array<unknown> = ['s']
  key[2] = 'x'
  return key
}

const hostile: Array<[string, Array<QueryKey>, QueryKey]> = [
  ['an own __proto__ property in the filter', [['a', { b: 1 }]], JSON.parse('["a",{"__proto__":{"b":1}}]') as QueryKey],
  [
    'an own __proto__ property in the cached key',
    [JSON.parse('["a",{"__proto__":1,"c":2}]') as QueryKey],
    ['a', { c: 2 }],
  ],
  ['a constructor property', [['a', { constructor: 'x' }]], ['a', { constructor: 'x' }]],
  ['a class instance against a plain object', [['p', new Point(1, 2)]], ['p', { x: 1, y: 2 }]],
  ['a Map (which JSON sees as {})', [['m', new Map([[1, 2]])]], ['m', {}]],
  ['a sparse cached key against undefined', [sparse()], ['s', undefined, 'x']],
  [
    'a sparse filter',
    [
      ['s', 'y', 'x'],
      ['s', undefined, 'x'],
    ],
    sparse(),
  ],
  ['NaN against NaN', [['n', Number.NaN]], ['n', Number.NaN]],
  ['-0 against 0', [['z', -0]], ['z', 0]],
  ['Infinity against null', [['i', Number.POSITIVE_INFINITY]], ['i', null]],
  ['a symbol', [['sym', 'x']], ['sym', Symbol('x')]],
  ['an empty string and a prefix of it', [[''], ['', '']], ['']],
  ['a key that looks like a hash', [['["a"]'], ['a']], ['["a"]']],
]

describe('hostile keys select what TanStack selects', () => {
  for (const [what, cached, filter] of hostile) {
    for (const exact of [false, true]) {
      it(`selects as TanStack for ${what}${exact ? ', exact' : ''}`, () => {
        const { ours, theirs } = bothSelect(cached, filter, exact)
        expect(ours).toEqual(theirs)
      })
    }
  }
})

describe('malformed input to invalidateKeys and invalidateTags', () => {
  const cases: Array<[string, (client: QueryClient) => unknown, RegExp]> = [
    ['keys that are not an array', (client) => invalidateKeys(client, 'projects' as never), /keys must be an array/],
    [
      'a key that is a string',
      (client) => invalidateKeys(client, ['projects'] as never),
      /keys\[0\] must be a query key/,
    ],
    [
      'a key that is an object',
      (client) => invalidateKeys(client, [{ 0: 'projects' }] as never),
      /keys\[0\] must be a query key/,
    ],
    ['tags that are a string', (client) => invalidateTags(client, 'project:p1' as never), /tags must be an array/],
    ['a tag that is a number', (client) => invalidateTags(client, ['ok', 7] as never), /tags\[1\] must be a string/],
    [
      'an unknown refetch',
      (client) => invalidateTags(client, ['a'], { refetch: 'everything' as never }),
      /refetch must be one of/,
    ],
    [
      'an unknown source',
      (client) => invalidateKeys(client, [['a']], { source: 'attacker' as never }),
      /source must be one of/,
    ],
  ]

  for (const [what, call, message] of cases) {
    it(`refuses ${what} with a toolkit error and invalidates nothing`, () => {
      const client = createTestClient()
      client.setQueryData(['projects'], 1)
      client.setQueryData(['a'], 2)
      expect(() => call(client)).toThrow(message)
      expect(Object.values(flags(client))).toEqual([false, false])
    })
  }

  it('refuses a key nested too deep to compare with a QueryKeyError naming the cause, invalidating nothing', () => {
    const client = createTestClient()
    client.setQueryData(['a', { b: 1 }], 1)
    let deep: unknown = 'x'
    for (let depth = 0; depth < 20_000; depth++) deep = [deep]
    expect(() => invalidateKeys(client, [['b'], ['a', deep]], { exact: true })).toThrow(
      /a key could not be matched \(RangeError/,
    )
    expect(client.getQueryState(['a', { b: 1 }])?.isInvalidated).toBe(false)
  })

  it("wraps an error thrown by a query's own hash function in a QueryKeyError that keeps it as the cause", () => {
    const client = createTestClient()
    const failure = new Error('cannot hash')
    client.getQueryCache().build(client, {
      queryKey: ['h'],
      queryHash: 'h',
      queryKeyHashFn: () => {
        throw failure
      },
    })
    let caught: unknown
    try {
      void invalidateKeys(client, [['h']], { exact: true })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(QueryKeyError)
    expect(caught).toMatchObject({ code: 'unmatchable-key', cause: failure })
  })
})

describe('malformed input, where the toolkit differs from TanStack on purpose', () => {
  it('throws for a key that is not an array, where invalidateQueries quietly matches nothing', async () => {
    const theirs = createTestClient()
    theirs.setQueryData(['projects'], 1)
    await theirs.invalidateQueries({ queryKey: 'projects' as never })
    expect(flags(theirs)).toEqual({ '["projects"]': false })
    const ours = createTestClient()
    ours.setQueryData(['projects'], 1)
    expect(() => invalidateKeys(ours, ['projects'] as never)).toThrow(QueryKeyError)
  })

  it('throws for an unknown refetch, where invalidateQueries refetches inactive queries as with all', async () => {
    let fetches = 0
    const theirs = createTestClient()
    await theirs.prefetchQuery({ queryKey: ['inactive'], queryFn: () => ++fetches })
    await theirs.invalidateQueries({ queryKey: ['inactive'], refetchType: 'everything' as never })
    expect(fetches).toBe(2)
    const ours = createTestClient()
    await ours.prefetchQuery({ queryKey: ['inactive'], queryFn: () => ++fetches })
    expect(() => invalidateKeys(ours, [['inactive']], { refetch: 'everything' as never })).toThrow(ToolkitError)
    expect(fetches).toBe(3)
  })
})

describe('keys far larger than an app writes', () => {
  const huge = Array.from({ length: 100_000 }, (_, position) => position)

  it('finds a key of 100 000 elements by a prefix of it and exactly', () => {
    const client = createTestClient()
    client.setQueryData(huge, 'big')
    client.setQueryData([0, 1, 'other'], 'small')
    const index = getQueryIndex(client)
    expect(index.matchKey(huge.slice(0, 50_000)).map((query) => query.state.data)).toEqual(['big'])
    expect(index.matchKey(huge, { exact: true }).map((query) => query.state.data)).toEqual(['big'])
    expect(
      index
        .matchKey([0, 1])
        .map((query) => query.state.data)
        .sort(),
    ).toEqual(['big', 'small'])
  })

  it('forgets a key of 100 000 elements once it is removed', () => {
    const client = createTestClient()
    const index = getQueryIndex(client)
    client.setQueryData(huge, 'big')
    client.removeQueries({ queryKey: huge, exact: true })
    expect(index.matchKey([])).toEqual([])
    expect(index.matchKey(huge, { exact: true })).toEqual([])
  })
})
