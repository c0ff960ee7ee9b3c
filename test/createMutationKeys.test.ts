import { MutationCache, QueryClient } from '@tanstack/react-query'
import { describe, expect, it, vi } from 'vitest'
import { QueryKeyError, createMutationKeys, createQueryKeys, mergeQueryKeys } from '../src/index'

const projectMutations = createMutationKeys('projects', {
  create: null,
  rename: (id: string) => [id],
  archive: { mutationKey: ['bulk'] },
  members: { mutationKey: (projectId: string) => [projectId], contextMutations: { add: (userId: string) => [userId] } },
})

describe('createMutationKeys', () => {
  it('builds mutation keys with the values createQueryKeys builds for the same schema', () => {
    const same = createQueryKeys('projects', { create: null, rename: (id: string) => [id] })
    expect(projectMutations.create).toEqual(same.create)
    expect(projectMutations.rename('p1')).toEqual(same.rename('p1'))
  })

  it('builds a fixed key from { mutationKey: tuple }', () => {
    expect(projectMutations.archive).toEqual(['projects', 'archive', 'bulk'])
  })

  it('nests contextMutations under the parent key', () => {
    expect(projectMutations.members.add('p1', 'u1')).toEqual(['projects', 'members', 'p1', 'add', 'u1'])
  })

  it('yields { mutationKey, mutationFn } for an entry with a mutationFn', () => {
    const mutationFn = vi.fn()
    const keys = createMutationKeys('projects', { remove: { mutationKey: (id: string) => [id], mutationFn } })
    expect(keys.remove('p1')).toEqual({ mutationKey: ['projects', 'remove', 'p1'], mutationFn })
  })

  it('finds running mutations by a key prefix, as TanStack matches mutation keys', async () => {
    const client = new QueryClient({ mutationCache: new MutationCache() })
    let finish = () => {}
    const pending = new Promise<void>((resolve) => (finish = resolve))
    const running = client
      .getMutationCache()
      .build(client, { mutationKey: projectMutations.rename('p1'), mutationFn: () => pending })
      .execute(undefined)
    expect(client.isMutating({ mutationKey: projectMutations.rename.scope })).toBe(1)
    expect(client.isMutating({ mutationKey: projectMutations.create })).toBe(0)
    finish()
    await running
  })
})

describe('mergeQueryKeys with mutation factories', () => {
  const projectKeys = createQueryKeys('projects', { list: (orgId: string) => [orgId] }, { version: 2 })

  it('puts a query and a mutation factory of one name under that name', () => {
    const keys = mergeQueryKeys(projectKeys, projectMutations)
    expect(keys.projects.list('o1')).toEqual(['projects', { v: 2 }, 'list', 'o1'])
    expect(keys.projects.rename('p1')).toEqual(['projects', 'rename', 'p1'])
  })

  it('keeps the query factory scope whichever comes first', () => {
    expect(mergeQueryKeys(projectMutations, projectKeys).projects.scope).toEqual(['projects', { v: 2 }])
    expect(mergeQueryKeys(projectKeys, projectMutations).projects.scope).toEqual(['projects', { v: 2 }])
  })

  it('rejects two mutation factories of one name', () => {
    const again = createMutationKeys('projects', { other: null })
    expect(() => mergeQueryKeys(projectMutations, again)).toThrow(/two key factories share the scope "projects"/)
  })

  it('rejects a query and a mutation factory that name the same entry', () => {
    const clashing = createMutationKeys('projects', { list: null })
    expect(() => mergeQueryKeys(projectKeys, clashing)).toThrow(QueryKeyError)
    expect(() => mergeQueryKeys(projectKeys, clashing)).toThrow(/both name "list"/)
  })

  it('rejects something that is not a factory with a QueryKeyError', () => {
    const untyped = mergeQueryKeys as unknown as (...factories: Array<unknown>) => unknown
    expect(() => untyped(null)).toThrow(QueryKeyError)
    expect(() => untyped({ scope: 'projects' })).toThrow(/takes factories from createQueryKeys or createMutationKeys/)
  })
})
