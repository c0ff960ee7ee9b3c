// One policy over every storage: the same specs run on the IndexedDB storage, the memory storage and a
// store written in this file from the `PersistStorage` docs alone (a Map), so the interface is both
// what the policy needs and all it needs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { invalidateKeys } from '../../src/index'
import {
  clearPersistedCache,
  createIndexedDBPersister,
  createIndexedDBStorage,
  createMemoryStorage,
  persistQueryCache,
} from '../../src/persist'
import type { IndexedDBPersisterOptions, PersistStorage, PersistedQueryCache } from '../../src/persist'
import { freshDbName, hashOf, newClient } from './helpers'

/** A user's store, as the `PersistStorage` JSDoc shows how to write one. */
export function createMapStorage(map = new Map<string, string>()): PersistStorage {
  const at = (namespace: string, key: string) => `${namespace.length}:${namespace}:${key}`
  return {
    getAll: async (namespace) =>
      [...map].filter(([k]) => k.startsWith(at(namespace, ''))).map(([k, v]) => [k.slice(at(namespace, '').length), v]),
    update: async (namespace, keys, change) => {
      const stored = new Map(keys.filter((k) => map.has(at(namespace, k))).map((k) => [k, map.get(at(namespace, k))]))
      const { put, delete: gone } = change(stored)
      for (const k of gone) map.delete(at(namespace, k))
      for (const [k, v] of put) map.set(at(namespace, k), v)
    },
    clear: async (namespace) => {
      for (const k of [...map.keys()]) if (k.startsWith(at(namespace, ''))) map.delete(k)
    },
  }
}

const storages: Array<[string, () => PersistStorage]> = [
  ['the IndexedDB storage', () => createIndexedDBStorage(freshDbName())],
  ['the memory storage', createMemoryStorage],
  ['a Map store written from the docs', () => createMapStorage()],
]

const running: Array<PersistedQueryCache> = []
afterEach(() => {
  for (const connection of running.splice(0)) connection.stop()
})

const record = (key: ReadonlyArray<unknown>, fields: Record<string, unknown> = {}) =>
  JSON.stringify({ v: 1, buster: '', key, hash: hashOf(key), updatedAt: Date.now() - 1_000, data: 'stored', ...fields })

describe.each(storages)('the persister over %s', (_name, makeStorage) => {
  let storage: PersistStorage
  const session = (options: Partial<IndexedDBPersisterOptions> = {}) => {
    const client = newClient()
    const persister = createIndexedDBPersister({ namespace: 'u1', throttleMs: 0, storage, ...options })
    const connection = persistQueryCache(client, persister)
    running.push(connection)
    return { client, persister, connection }
  }
  const seed = (rows: Array<[string, unknown]>, namespace = 'u1') =>
    storage.update(namespace, [], () => ({ put: rows as Array<[string, string]>, delete: [] }))
  // Record keys only: the snapshot and its changes are the snapshot's tests' business.
  const keysOf = async (namespace = 'u1') =>
    (await storage.getAll(namespace))
      .map(([key]) => key)
      .filter((key) => key >= '\u0002')
      .sort()

  beforeEach(() => {
    storage = makeStorage()
  })
  afterEach(() => storage.close?.())

  it('restores in a new session what an earlier session wrote', async () => {
    const first = session()
    await first.connection.restored
    first.client.setQueryData(['projects', 'p1'], { id: 'p1' })
    await first.connection.flush()
    const second = session()
    expect(await second.connection.restored).toMatchObject({ restored: 1 })
    expect(second.client.getQueryData(['projects', 'p1'])).toEqual({ id: 'p1' })
  })

  it("reads through, with restore: 'lazy', a record an earlier session wrote, and only it", async () => {
    const first = session()
    await first.connection.restored
    first.client.setQueryData(['projects', 'p1'], { id: 'p1' })
    await first.connection.flush()
    const second = session({ restore: 'lazy' })
    expect(await second.connection.restored).toMatchObject({ restored: 0 })
    const data = await second.client.fetchQuery({
      queryKey: ['projects', 'p1'],
      queryFn: () => ({}),
      staleTime: Infinity,
    })
    expect(data).toEqual({ id: 'p1' })
    expect(second.persister.stats().records).toBe(1)
  })

  it("keeps an invalidation of a record no session has read yet, with restore: 'lazy'", async () => {
    await seed([
      [
        hashOf(['p']),
        JSON.stringify({ v: 1, buster: '', key: ['p'], hash: hashOf(['p']), updatedAt: Date.now() - 1, data: 1 }),
      ],
    ])
    const first = session({ restore: 'lazy' })
    await first.connection.restored
    await invalidateKeys(first.client, [['p']], { refetch: 'none' })
    await first.connection.flush()
    const second = session({ restore: 'lazy' })
    await second.connection.restored
    expect(await second.client.fetchQuery({ queryKey: ['p'], queryFn: () => 2, staleTime: Infinity })).toBe(2)
  })

  it('keeps namespaces apart on restore and on clear', async () => {
    await seed([[hashOf(['mine']), record(['mine'])]], 'u1')
    await seed([[hashOf(['theirs']), record(['theirs'])]], 'u2')
    const { client, connection, persister } = session()
    expect(await connection.restored).toMatchObject({ restored: 1 })
    expect(client.getQueryData(['theirs'])).toBeUndefined()
    await clearPersistedCache(client, persister)
    expect(await keysOf('u1')).toEqual([])
    expect(await keysOf('u2')).toEqual([hashOf(['theirs'])])
  })

  it('drops, deletes and counts expired, busted and corrupt records, and restores the valid one', async () => {
    await seed([
      [hashOf(['old']), record(['old'], { updatedAt: 1 })],
      [hashOf(['busted']), record(['busted'], { buster: 'v0' })],
      [hashOf(['junk']), '{"v":1,'],
      [hashOf(['elsewhere']), record(['other'])],
      [hashOf(['good']), record(['good'])],
    ])
    const { client, connection } = session({ maxAge: 60_000 })
    expect(await connection.restored).toMatchObject({ restored: 1, expired: 1, busted: 1, corrupt: 2 })
    expect(client.getQueryData(['good'])).toBe('stored')
    expect(await keysOf()).toEqual([hashOf(['good'])])
  })

  it('restores a record dated in the future as stale data of now', async () => {
    await seed([[hashOf(['future']), record(['future'], { updatedAt: Date.now() + 1e9 })]])
    const { client, connection } = session()
    await connection.restored
    const state = client.getQueryState(['future'])
    expect(state?.isInvalidated).toBe(true)
    expect(state?.dataUpdatedAt).toBeLessThanOrEqual(Date.now())
  })

  it('never lets an older copy replace a newer one another session wrote', async () => {
    const older = session()
    await older.connection.restored
    await seed([[hashOf(['shared']), record(['shared'], { data: 'newer' })]])
    older.client.setQueryData(['shared'], 'older', { updatedAt: Date.now() - 5_000 })
    await older.connection.flush()
    const [[, value]] = (await storage.getAll('u1')) as [[string, string]]
    expect(JSON.parse(value).data).toBe('newer')
  })

  it('evicts the least recently updated records first to stay under maxBytes', async () => {
    const { client, connection, persister } = session({ maxBytes: 400 })
    await connection.restored
    for (const [i, name] of ['a', 'b', 'c'].entries()) {
      client.setQueryData([name], 'x'.repeat(60), { updatedAt: Date.now() - 10_000 + i })
      await connection.flush()
    }
    expect(await keysOf()).toEqual([hashOf(['b']), hashOf(['c'])])
    expect(persister.stats().bytes).toBeLessThanOrEqual(400)
  })

  it('deletes the record of a removed query', async () => {
    const { client, connection } = session()
    await connection.restored
    client.setQueryData(['gone'], 1)
    await connection.flush()
    client.removeQueries({ queryKey: ['gone'] })
    await connection.flush()
    expect(await keysOf()).toEqual([])
  })
})
