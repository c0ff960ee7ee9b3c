// Key values are persisted (IndexedDB records) and sent by servers (stream events): the hashes of every shape
// that existed before the query-key-factory shapes were added must never change.
import { hashKey } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { createQueryKeys } from '../src/index'

const projectKeys = createQueryKeys('projects', {
  all: null,
  list: (orgId: string) => [orgId],
  detail: {
    key: (id: string) => [id],
    children: { members: null, tasks: (status: string, page: number) => [status, { page }] },
  },
})
const userKeys = createQueryKeys('users', { me: null, detail: (id: string) => [id] }, { version: 2 })

describe('key values of the shapes that persisted caches and servers already hold', () => {
  it('hashes a fixed key as the scope then the entry name', () => {
    expect(hashKey(projectKeys.all)).toBe('["projects","all"]')
  })

  it('hashes a built key as the scope, the entry name, then the key function parts', () => {
    expect(hashKey(projectKeys.list('o1'))).toBe('["projects","list","o1"]')
  })

  it('hashes a parent key and its children with the parent parts before the child name', () => {
    expect(hashKey(projectKeys.detail('p1'))).toBe('["projects","detail","p1"]')
    expect(hashKey(projectKeys.detail.members('p1'))).toBe('["projects","detail","p1","members"]')
    expect(hashKey(projectKeys.detail.tasks('p1', 'open', 2))).toBe(
      '["projects","detail","p1","tasks","open",{"page":2}]',
    )
  })

  it('hashes scopes as the key prefixes they stand for', () => {
    expect(hashKey(projectKeys.scope)).toBe('["projects"]')
    expect(hashKey(projectKeys.list.scope)).toBe('["projects","list"]')
    expect(hashKey(projectKeys.detail.scope)).toBe('["projects","detail"]')
  })

  it('hashes a versioned factory with the version object after the scope name', () => {
    expect(hashKey(userKeys.me)).toBe('["users",{"v":2},"me"]')
    expect(hashKey(userKeys.detail('u1'))).toBe('["users",{"v":2},"detail","u1"]')
  })
})
