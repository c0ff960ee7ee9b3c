// Every shape query-key-factory users write, built by both libraries with the same arguments: the key values
// (and so TanStack's hashes, persisted records and server-sent keys) must be the same, so a migrated app keeps
// its cache. Arguments come from fast-check, including objects, nulls and unicode.
import {
  createMutationKeys as theirMutationKeys,
  createQueryKeys as theirQueryKeys,
  mergeQueryKeys as theirMerge,
} from '@lukemorales/query-key-factory'
import { QueryClient, hashKey } from '@tanstack/react-query'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createMutationKeys, createQueryKeys, invalidateKeys, mergeQueryKeys } from '../../src/index'

const part = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(fc.string({ minLength: 1 }), fc.oneof(fc.string(), fc.integer(), fc.constant(null))),
)

const fetchUser = async (id: unknown) => ({ id })

const ours = createQueryKeys('users', {
  all: null,
  current: ['me', 1],
  fixed: { queryKey: null },
  tupleFixed: { queryKey: ['a', 'b'] },
  list: (filters: unknown) => [{ filters }],
  detail: { queryKey: (id: unknown) => [id], contextQueries: { posts: (page: unknown) => [page], likes: null } },
  withFn: (id: unknown) => ({ queryKey: [id], queryFn: () => fetchUser(id) }),
  nested: {
    queryKey: ['n'],
    contextQueries: { level2: { queryKey: null, contextQueries: { level3: (x: unknown) => [x] } } },
  },
})

const theirs = theirQueryKeys('users', {
  all: null,
  current: ['me', 1],
  fixed: { queryKey: null },
  tupleFixed: { queryKey: ['a', 'b'] },
  list: (filters: unknown) => [{ filters }],
  detail: (id: unknown) => ({ queryKey: [id], contextQueries: { posts: (page: unknown) => [page], likes: null } }),
  withFn: (id: unknown) => ({ queryKey: [id], queryFn: () => fetchUser(id) }),
  nested: {
    queryKey: ['n'],
    contextQueries: { level2: { queryKey: null, contextQueries: { level3: (x: unknown) => [x] } } },
  },
} as never) as never as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- their v5 types are the open issue

describe('key values against @lukemorales/query-key-factory', () => {
  it('builds the same fixed keys from null, tuples and { queryKey } entries', () => {
    expect(ours.all).toEqual(theirs.all.queryKey)
    expect(ours.current).toEqual(theirs.current.queryKey)
    expect(ours.fixed).toEqual(theirs.fixed.queryKey)
    expect(ours.tupleFixed).toEqual(theirs.tupleFixed.queryKey)
  })

  it('builds the same scope as their _def at the factory and entry level', () => {
    expect(ours.scope).toEqual(theirs._def)
    expect(ours.list.scope).toEqual(theirs.list._def)
  })

  it('builds the same key from a key function for any argument', () => {
    fc.assert(
      fc.property(part, (value) => {
        expect(hashKey(ours.list(value))).toBe(hashKey(theirs.list(value).queryKey))
      }),
    )
  })

  it('builds the same child keys under a parent key for any arguments', () => {
    fc.assert(
      fc.property(part, part, (id, page) => {
        expect(ours.detail(id)).toEqual(theirs.detail(id).queryKey)
        expect(ours.detail.posts(id, page)).toEqual(theirs.detail(id)._ctx.posts(page).queryKey)
        expect(ours.detail.likes(id)).toEqual(theirs.detail(id)._ctx.likes.queryKey)
      }),
    )
  })

  it('builds the same third-level key', () => {
    fc.assert(
      fc.property(part, (x) => {
        expect(ours.nested.level2.level3(x)).toEqual(theirs.nested._ctx.level2._ctx.level3(x).queryKey)
      }),
    )
  })

  it('yields a queryFn beside the same key, which fetches the same data', async () => {
    const [mine, their] = [ours.withFn('u1'), theirs.withFn('u1')]
    expect(mine.queryKey).toEqual(their.queryKey)
    expect(await mine.queryFn()).toEqual(await their.queryFn())
  })

  it('builds the same mutation keys', () => {
    const mine = createMutationKeys('todos', { add: null, remove: (id: string) => ({ mutationKey: [id] }) })
    const their = theirMutationKeys('todos', {
      add: null,
      remove: (id: string) => ({ mutationKey: [id] }),
    } as never) as never as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(mine.add).toEqual(their.add.mutationKey)
    expect(mine.remove('t1')).toEqual(their.remove('t1').mutationKey)
  })

  it('merges a query and a mutation factory of one name into the same keys', () => {
    const mine = mergeQueryKeys(createQueryKeys('todos', { all: null }), createMutationKeys('todos', { add: null }))
    const their = theirMerge(
      theirQueryKeys('todos', { all: null }),
      theirMutationKeys('todos', { add: null } as never),
    ) as never as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(mine.todos.all).toEqual(their.todos.all.queryKey)
    expect(mine.todos.add).toEqual(their.todos.add.mutationKey)
  })

  it('reaches the same cached queries when a cache filled with their keys is invalidated with ours', async () => {
    const client = new QueryClient()
    client.setQueryData(theirs.detail('u1').queryKey, 1)
    client.setQueryData(theirs.detail('u1')._ctx.posts(2).queryKey, 2)
    client.setQueryData(theirs.detail('u2').queryKey, 3)
    await invalidateKeys(client, [ours.detail('u1')])
    const invalidated = client
      .getQueryCache()
      .getAll()
      .filter((query) => query.state.isInvalidated)
      .map((query) => query.queryKey)
    expect(invalidated).toEqual([theirs.detail('u1').queryKey, theirs.detail('u1')._ctx.posts(2).queryKey])
  })

  it('rejects names starting with _ as they do', () => {
    expect(() => theirQueryKeys('users', { _x: null } as never)).toThrow()
    expect(() => createQueryKeys('users', { _x: null })).toThrow(/reserved/)
  })
})
