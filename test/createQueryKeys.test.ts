import { describe, expect, it } from 'vitest'
import { QueryKeyError, createQueryKeys, isQueryKeyError, mergeQueryKeys } from '../src/index'
import { createTestClient } from './helpers/createTestClient'

const projectKeys = createQueryKeys('projects', {
  all: null,
  list: (orgId: string) => [orgId],
  detail: {
    key: (id: string) => [id],
    children: { members: null, tasks: (status: string) => [status] },
  },
  search: (filters: { text: string; page: number }) => [filters],
})

describe('createQueryKeys', () => {
  it('builds a fixed key from a null entry', () => {
    expect(projectKeys.all).toEqual(['projects', 'all'])
  })

  it('builds a key from the key function arguments after the scope and the entry name', () => {
    expect(projectKeys.list('o1')).toEqual(['projects', 'list', 'o1'])
  })

  it('keeps object arguments as key elements', () => {
    expect(projectKeys.search({ text: 'web', page: 2 })).toEqual(['projects', 'search', { text: 'web', page: 2 }])
  })

  it('returns frozen keys', () => {
    expect(Object.isFrozen(projectKeys.list('o1'))).toBe(true)
    expect(Object.isFrozen(projectKeys.all)).toBe(true)
  })

  it('exposes the factory scope as the prefix of every key', () => {
    expect(projectKeys.scope).toEqual(['projects'])
  })

  it('exposes an entry scope as the prefix of every key of that entry', () => {
    expect(projectKeys.list.scope).toEqual(['projects', 'list'])
    expect(projectKeys.detail.scope).toEqual(['projects', 'detail'])
  })

  it('builds a parent key from its own key function', () => {
    expect(projectKeys.detail('p1')).toEqual(['projects', 'detail', 'p1'])
  })

  it('nests a fixed child key under the parent key', () => {
    expect(projectKeys.detail.members('p1')).toEqual(['projects', 'detail', 'p1', 'members'])
  })

  it('nests a child key function after the parent arguments', () => {
    expect(projectKeys.detail.tasks('p1', 'open')).toEqual(['projects', 'detail', 'p1', 'tasks', 'open'])
  })

  it('reports the number of key arguments as the builder length, children counting the parent arguments', () => {
    expect(projectKeys.list.length).toBe(1)
    expect(projectKeys.detail.length).toBe(1)
    expect(projectKeys.detail.members.length).toBe(1)
    expect(projectKeys.detail.tasks.length).toBe(2)
  })

  it('puts the version in the scope', () => {
    const userKeys = createQueryKeys('users', { me: null, detail: (id: string) => [id] }, { version: 2 })
    expect(userKeys.scope).toEqual(['users', { v: 2 }])
    expect(userKeys.detail('u1')).toEqual(['users', { v: 2 }, 'detail', 'u1'])
  })

  it('rejects an empty scope name', () => {
    expect(() => createQueryKeys('', { all: null })).toThrow(QueryKeyError)
  })

  it('rejects an entry named scope', () => {
    expect(() => createQueryKeys('projects', { scope: null })).toThrow(/reserved/)
  })

  it('throws a QueryKeyError naming the key when an argument is a function', () => {
    const keys = createQueryKeys('projects', { list: (filter: unknown) => [filter] })
    expect(() => keys.list(() => 1)).toThrow(QueryKeyError)
    expect(() => keys.list(() => 1)).toThrow(/projects\.list/)
  })

  it('throws a QueryKeyError naming the key when an argument is a symbol', () => {
    const keys = createQueryKeys('projects', { list: (filter: unknown) => [filter] })
    expect(() => keys.list(Symbol('x'))).toThrow(/projects\.list argument 0 is a symbol/)
  })

  it('throws a QueryKeyError naming the key when an argument is a bigint', () => {
    const keys = createQueryKeys('projects', { list: (filter: unknown) => [filter] })
    expect(() => keys.list(10n)).toThrow(/projects\.list argument 0 is a bigint/)
  })

  it('throws a QueryKeyError naming the key and the path when a nested value is a function', () => {
    const keys = createQueryKeys('projects', { list: (filter: unknown) => [filter] })
    expect(() => keys.list({ sort: { by: () => 1 } })).toThrow(/projects\.list argument 0\.sort\.by is a function/)
  })

  it('throws a QueryKeyError naming the key when an argument is cyclic', () => {
    const keys = createQueryKeys('projects', { list: (filter: unknown) => [filter] })
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic.self = cyclic
    let caught: unknown
    try {
      keys.list(cyclic)
    } catch (error) {
      caught = error
    }
    expect(isQueryKeyError(caught)).toBe(true)
    expect((caught as Error).message).toMatch(/projects\.list argument 0\.self is cyclic/)
  })

  it('accepts the same object twice in one argument when it is not a cycle', () => {
    const keys = createQueryKeys('projects', { list: (filter: unknown) => [filter] })
    const shared = { id: 1 }
    expect(keys.list({ a: shared, b: shared })).toEqual(['projects', 'list', { a: shared, b: shared }])
  })

  it('checks the arguments of a child key and names the child', () => {
    const keys = createQueryKeys('projects', {
      detail: { key: (id: string) => [id], children: { tasks: (status: unknown) => [status] } },
    })
    expect(() => keys.detail.tasks('p1', Symbol('open'))).toThrow(/projects\.detail\.tasks argument 0/)
  })

  it('checks the parent arguments of a child key', () => {
    const keys = createQueryKeys('projects', {
      detail: { key: (id: unknown) => [id], children: { members: null } },
    })
    expect(() => keys.detail.members(10n)).toThrow(QueryKeyError)
  })
})

describe('createQueryKeys with a QueryClient', () => {
  it('reaches nested children when invalidating the parent prefix', async () => {
    const client = createTestClient()
    client.setQueryData(projectKeys.detail('p1'), { id: 'p1' })
    client.setQueryData(projectKeys.detail.members('p1'), ['u1'])
    client.setQueryData(projectKeys.detail.tasks('p1', 'open'), ['t1'])
    client.setQueryData(projectKeys.detail('p2'), { id: 'p2' })
    client.setQueryData(projectKeys.list('o1'), [])

    await client.invalidateQueries({ queryKey: projectKeys.detail('p1') })

    const invalidated = (key: ReadonlyArray<unknown>) => client.getQueryState(key)?.isInvalidated
    expect(invalidated(projectKeys.detail('p1'))).toBe(true)
    expect(invalidated(projectKeys.detail.members('p1'))).toBe(true)
    expect(invalidated(projectKeys.detail.tasks('p1', 'open'))).toBe(true)
    expect(invalidated(projectKeys.detail('p2'))).toBe(false)
    expect(invalidated(projectKeys.list('o1'))).toBe(false)
  })

  it('reaches every key of a factory when invalidating its scope', async () => {
    const client = createTestClient()
    client.setQueryData(projectKeys.all, [])
    client.setQueryData(projectKeys.detail.members('p1'), [])
    client.setQueryData(['other'], 1)

    await client.invalidateQueries({ queryKey: projectKeys.scope })

    expect(client.getQueryState(projectKeys.all)?.isInvalidated).toBe(true)
    expect(client.getQueryState(projectKeys.detail.members('p1'))?.isInvalidated).toBe(true)
    expect(client.getQueryState(['other'])?.isInvalidated).toBe(false)
  })

  it('leaves the entries of an old version untouched when invalidating the new version scope', async () => {
    const client = createTestClient()
    const v1 = createQueryKeys('users', { detail: (id: string) => [id] }, { version: 1 })
    const v2 = createQueryKeys('users', { detail: (id: string) => [id] }, { version: 2 })
    client.setQueryData(v1.detail('u1'), { name: 'old shape' })
    client.setQueryData(v2.detail('u1'), { fullName: 'new shape' })

    await client.invalidateQueries({ queryKey: v2.scope })

    expect(client.getQueryState(v2.detail('u1'))?.isInvalidated).toBe(true)
    expect(client.getQueryState(v1.detail('u1'))?.isInvalidated).toBe(false)
  })

  it('does not find old-version data through a new-version key', () => {
    const client = createTestClient()
    const v1 = createQueryKeys('users', { detail: (id: string) => [id] }, { version: 1 })
    const v2 = createQueryKeys('users', { detail: (id: string) => [id] }, { version: 2 })
    client.setQueryData(v1.detail('u1'), { name: 'old shape' })

    expect(client.getQueryData(v2.detail('u1'))).toBeUndefined()
    expect(client.getQueryData(v1.detail('u1'))).toEqual({ name: 'old shape' })
  })

  it('does not find unversioned data through a versioned key', () => {
    const client = createTestClient()
    const unversioned = createQueryKeys('users', { detail: (id: string) => [id] })
    const v2 = createQueryKeys('users', { detail: (id: string) => [id] }, { version: 2 })
    client.setQueryData(unversioned.detail('u1'), { name: 'old shape' })

    expect(client.getQueryData(v2.detail('u1'))).toBeUndefined()
  })
})

describe('mergeQueryKeys', () => {
  it('groups factories by scope name', () => {
    const userKeys = createQueryKeys('users', { me: null })
    const merged = mergeQueryKeys(projectKeys, userKeys)
    expect(merged.projects.list('o1')).toEqual(['projects', 'list', 'o1'])
    expect(merged.users.me).toEqual(['users', 'me'])
  })

  it('rejects two factories with the same scope name', () => {
    const a = createQueryKeys('users', { me: null })
    const b = createQueryKeys('users', { me: null }, { version: 2 })
    expect(() => mergeQueryKeys(a, b)).toThrow(/share the scope "users"/)
  })
})
