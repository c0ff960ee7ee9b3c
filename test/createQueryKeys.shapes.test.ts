// The shapes query-key-factory users rely on (its runtime specs' scenarios, in our words), built by our factory.
import { hashKey } from '@tanstack/react-query'
import { describe, expect, it, vi } from 'vitest'
import { createQueryKeys, defineQueries } from '../src/index'
import { createTestClient } from './helpers/createTestClient'

describe('createQueryKeys with static entries', () => {
  it('builds a factory holding only its scope when called without a schema', () => {
    expect({ ...createQueryKeys('users') }).toEqual({ scope: ['users'] })
  })

  it('builds a fixed key from a tuple entry as the scope, the name, then the tuple', () => {
    const keys = createQueryKeys('users', { me: ['current', 1] })
    expect(keys.me).toEqual(['users', 'me', 'current', 1])
  })

  it('builds the same key from { queryKey: null } as from null', () => {
    const keys = createQueryKeys('users', { a: null, b: { queryKey: null } })
    expect(keys.b).toEqual(['users', 'b'])
    expect(hashKey(keys.b)).toBe(hashKey(['users', 'b']))
  })

  it('builds a fixed key from { queryKey: tuple }', () => {
    const keys = createQueryKeys('users', { me: { queryKey: ['current'] } })
    expect(keys.me).toEqual(['users', 'me', 'current'])
  })

  it('yields { queryKey, queryFn } for a fixed entry with a queryFn', () => {
    const queryFn = vi.fn()
    const keys = createQueryKeys('users', { me: { queryKey: ['current'], queryFn } })
    expect(keys.me).toEqual({ queryKey: ['users', 'me', 'current'], queryFn })
  })

  it('nests children under a fixed parent, with the parent key and scope beside them', () => {
    const keys = createQueryKeys('users', {
      me: { queryKey: ['current'], contextQueries: { settings: null, friends: (page: number) => [page] } },
    })
    expect(keys.me.queryKey).toEqual(['users', 'me', 'current'])
    expect(keys.me.scope).toEqual(['users', 'me'])
    expect(keys.me.settings).toEqual(['users', 'me', 'current', 'settings'])
    expect(keys.me.friends(2)).toEqual(['users', 'me', 'current', 'friends', 2])
    expect(keys.me.friends.scope).toEqual(['users', 'me', 'current', 'friends'])
  })
})

describe('createQueryKeys with key functions', () => {
  it('yields { queryKey, queryFn } when the key function returns them', () => {
    const fetchUser = (id: string) => Promise.resolve({ id })
    const keys = createQueryKeys('users', {
      detail: (id: string) => ({ queryKey: [id], queryFn: () => fetchUser(id) }),
    })
    const options = keys.detail('u1')
    expect(options.queryKey).toEqual(['users', 'detail', 'u1'])
    return expect(options.queryFn()).resolves.toEqual({ id: 'u1' })
  })

  it('leaves out any other property the key function returns', () => {
    const keys = createQueryKeys('users', {
      detail: ((id: string) => ({ queryKey: [id], extra: true })) as (id: string) => { queryKey: [string] },
    })
    expect(keys.detail('u1')).toEqual(['users', 'detail', 'u1'])
  })

  it('yields { queryKey, queryFn } from an object entry with a key function and a queryFn', () => {
    const queryFn = vi.fn()
    const keys = createQueryKeys('users', { detail: { queryKey: (id: string) => [id], queryFn } })
    expect(keys.detail('u1')).toEqual({ queryKey: ['users', 'detail', 'u1'], queryFn })
  })

  it('spells children as contextQueries the same as children', () => {
    const ours = createQueryKeys('users', { detail: { key: (id: string) => [id], children: { posts: null } } })
    const theirs = createQueryKeys('users', {
      detail: { queryKey: (id: string) => [id], contextQueries: { posts: null } },
    })
    expect(theirs.detail.posts('u1')).toEqual(ours.detail.posts('u1'))
  })
})

describe('createQueryKeys nesting at any depth', () => {
  const keys = createQueryKeys('orgs', {
    detail: {
      key: (orgId: string) => [orgId],
      children: {
        projects: {
          key: (status: 'open' | 'closed') => [status],
          children: {
            detail: {
              key: (projectId: string) => [projectId],
              children: { members: null, tasks: (page: number) => [{ page }] },
            },
          },
        },
      },
    },
  })

  it('builds a third-level key with every ancestor key before it', () => {
    expect(keys.detail.projects.detail.tasks('o1', 'open', 'p1', 2)).toEqual([
      'orgs',
      'detail',
      'o1',
      'projects',
      'open',
      'detail',
      'p1',
      'tasks',
      { page: 2 },
    ])
  })

  it('builds a second-level key from the parent arguments and its own', () => {
    expect(keys.detail.projects('o1', 'closed')).toEqual(['orgs', 'detail', 'o1', 'projects', 'closed'])
  })

  it('reports every ancestor argument in the builder length', () => {
    expect(keys.detail.projects.length).toBe(2)
    expect(keys.detail.projects.detail.length).toBe(3)
    expect(keys.detail.projects.detail.tasks.length).toBe(4)
  })

  it('gives a nested builder a scope function of its ancestors arguments', () => {
    expect(keys.detail.projects.scope('o1')).toEqual(['orgs', 'detail', 'o1', 'projects'])
    expect(keys.detail.projects.detail.tasks.scope('o1', 'open', 'p1')).toEqual([
      'orgs',
      'detail',
      'o1',
      'projects',
      'open',
      'detail',
      'p1',
      'tasks',
    ])
  })

  it('makes each level key a prefix of every key below it', () => {
    const leaf = hashKey(keys.detail.projects.detail.members('o1', 'open', 'p1'))
    for (const prefix of [
      keys.detail('o1'),
      keys.detail.projects('o1', 'open'),
      keys.detail.projects.detail('o1', 'open', 'p1'),
    ]) {
      expect(leaf.startsWith(hashKey(prefix).slice(0, -1))).toBe(true)
    }
  })
})

describe('nested keys with defineQueries', () => {
  it('defines reads over a second-level builder, their keys under every ancestor', async () => {
    const keys = createQueryKeys('orgs', {
      detail: {
        key: (orgId: string) => [orgId],
        children: { projects: { key: (status: string) => [status], children: { page: (n: number) => [n] } } },
      },
    })
    const pages = defineQueries(keys.detail.projects, {
      page: { queryFn: (orgId: string, status: string, n: number) => Promise.resolve(`${orgId}/${status}/${n}`) },
    })
    const client = createTestClient()
    const options = pages.page('o1', 'open', 3)
    expect(options.queryKey).toEqual(['orgs', 'detail', 'o1', 'projects', 'open', 'page', 3])
    expect(await client.fetchQuery(options)).toBe('o1/open/3')
  })
})
