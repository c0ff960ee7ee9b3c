// `restore: 'lazy'`: IndexedDB as a second cache level. The restore only opens the storage; a query with
// no data reads its own record before its queryFn; invalidations reach records that are still on disk.
import { QueryClient } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createQueryKeys, defineMutation, defineQueries, invalidateKeys, invalidateTags } from '../../src/index'
import { createIndexedDBPersister, createMemoryStorage, persistQueryCache } from '../../src/persist'
import type { PersistStorage } from '../../src/persist'
import { LOG_KEY } from '../../src/persist/internal/invalidationLog'
import { freshDbName, hashOf, newClient } from './helpers'
import { record, session, stopSessions } from './hostileStorage'

afterEach(stopSessions)

const lazy = { restore: 'lazy' } as const

/** A memory storage holding `rows` of namespace `u1`. */
async function storageWith(...rows: Array<[ReadonlyArray<unknown>, string]>): Promise<PersistStorage> {
  const storage = createMemoryStorage()
  await storage.update('u1', [], () => ({ put: rows.map(([key, text]) => [hashOf(key), text]), delete: [] }))
  return storage
}

const stored = async (storage: PersistStorage) => new Map((await storage.getAll('u1')) as Array<[string, string]>)

describe("restore: 'lazy'", () => {
  it('resolves the restore without reading a single record', async () => {
    const storage = await storageWith([['a'], record(['a'])])
    const getAll = vi.spyOn(storage, 'getAll')
    const { connection } = session(storage, lazy)
    const report = await connection.restored
    expect([report.restored, report.error]).toEqual([0, undefined])
    expect(getAll).not.toHaveBeenCalled()
  })

  it('gives a query its fresh persisted data without calling its queryFn', async () => {
    const storage = await storageWith([['a'], record(['a'], { data: 'from disk' })])
    const { client, connection } = session(storage, lazy)
    await connection.restored
    const queryFn = vi.fn(async () => 'from network')
    expect(await client.fetchQuery({ queryKey: ['a'], queryFn, staleTime: Infinity })).toBe('from disk')
    expect(queryFn).not.toHaveBeenCalled()
  })

  it("keeps the record's own dataUpdatedAt rather than the time it was read", async () => {
    const updatedAt = Date.now() - 60_000
    const storage = await storageWith([['a'], record(['a'], { updatedAt })])
    const { client, connection } = session(storage, lazy)
    await connection.restored
    await client.fetchQuery({ queryKey: ['a'], queryFn: async () => 'new', staleTime: Infinity })
    expect(client.getQueryState(['a'])?.dataUpdatedAt).toBe(updatedAt)
  })

  it('does not write back a record it only read', async () => {
    const text = record(['a'])
    const storage = await storageWith([['a'], text])
    const update = vi.spyOn(storage, 'update')
    const { client, connection } = session(storage, lazy)
    await connection.restored
    await client.fetchQuery({ queryKey: ['a'], queryFn: async () => 'new', staleTime: Infinity })
    update.mockClear()
    await connection.flush()
    expect(update).not.toHaveBeenCalled()
    expect((await stored(storage)).get(hashOf(['a']))).toBe(text)
  })

  it('dates and writes as usual data that a later fetch brings after a read-through was cancelled', async () => {
    const storage = await storageWith([['a'], record(['a'], { data: 'from disk', updatedAt: Date.now() - 60_000 })])
    const { client, connection } = session(storage, lazy)
    await connection.restored
    const reading = client.fetchQuery({ queryKey: ['a'], queryFn: async () => 'unused', staleTime: Infinity })
    await client.cancelQueries({ queryKey: ['a'] })
    await reading.catch(() => undefined)
    client.setQueryData(['a'], 'later')
    await connection.flush()
    expect(Date.now() - client.getQueryState(['a'])!.dataUpdatedAt).toBeLessThan(60_000)
    expect(JSON.parse((await stored(storage)).get(hashOf(['a']))!).data).toBe('later')
  })

  it('shows stale persisted data at once and refetches it', async () => {
    const storage = await storageWith([['a'], record(['a'], { data: 'from disk' })])
    const { client, connection } = session(storage, lazy)
    await connection.restored
    let answer!: (value: string) => void
    const fetching = client.fetchQuery({ queryKey: ['a'], queryFn: () => new Promise<string>((r) => (answer = r)) })
    await vi.waitFor(() => expect(answer).toBeDefined())
    expect(client.getQueryData(['a'])).toBe('from disk')
    answer('from network')
    expect(await fetching).toBe('from network')
  })

  it('calls the queryFn of a query that has no record', async () => {
    const { client, connection } = session(await storageWith(), lazy)
    await connection.restored
    expect(await client.fetchQuery({ queryKey: ['none'], queryFn: async () => 'net', staleTime: Infinity })).toBe('net')
  })

  it('lets a tag invalidation reach a record that is only on disk', async () => {
    const storage = await storageWith([['p'], record(['p'], { tags: ['project:1'], data: 'old' })])
    const { client, connection } = session(storage, lazy)
    await connection.restored
    await invalidateTags(client, ['project:1'], { refetch: 'none' })
    const queryFn = vi.fn(async () => 'new')
    expect(await client.fetchQuery({ queryKey: ['p'], queryFn, staleTime: Infinity })).toBe('new')
    expect(queryFn).toHaveBeenCalledTimes(1)
  })

  it('keeps an invalidation of a disk-only record for the next session', async () => {
    const storage = await storageWith([['items', 1], record(['items', 1])])
    const first = session(storage, lazy)
    await first.connection.restored
    await invalidateKeys(first.client, [['items']], { refetch: 'none' })
    await first.connection.flush()
    first.connection.stop()

    const { client, connection } = session(storage, lazy)
    await connection.restored
    const queryFn = vi.fn(async () => 'new')
    await client.fetchQuery({ queryKey: ['items', 1], queryFn, staleTime: Infinity })
    expect(queryFn).toHaveBeenCalledTimes(1)
  })

  it("restores a record invalidated by a lazy session as invalidated under restore: 'all'", async () => {
    const storage = await storageWith([['items', 1], record(['items', 1])])
    const first = session(storage, lazy)
    await first.connection.restored
    await invalidateKeys(first.client, [['items', 1]], { exact: true, refetch: 'none' })
    await first.connection.flush()
    first.connection.stop()

    const { client, connection } = session(storage)
    expect((await connection.restored).restored).toBe(1)
    expect(client.getQueryState(['items', 1])?.isInvalidated).toBe(true)
  })

  it('leaves records that an invalidation does not match fresh', async () => {
    const storage = await storageWith([['other'], record(['other'], { tags: ['x'] })])
    const { client, connection } = session(storage, lazy)
    await connection.restored
    await invalidateKeys(client, [['items']], { refetch: 'none' })
    await invalidateTags(client, ['y'], { refetch: 'none' })
    const queryFn = vi.fn(async () => 'new')
    await client.fetchQuery({ queryKey: ['other'], queryFn, staleTime: Infinity })
    expect(queryFn).not.toHaveBeenCalled()
  })

  it('does not hold a record written after an invalidation as stale', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 })
    try {
      const storage = await storageWith()
      const first = session(storage, lazy)
      await first.connection.restored
      await invalidateKeys(first.client, [['a']], { refetch: 'none' })
      vi.setSystemTime(1_000_001)
      first.client.setQueryData(['a'], 'written later')
      await first.connection.flush()
      first.connection.stop()
      const { client, connection } = session(storage, lazy)
      await connection.restored
      const queryFn = vi.fn(async () => 'new')
      expect(await client.fetchQuery({ queryKey: ['a'], queryFn, staleTime: Infinity })).toBe('written later')
      expect(queryFn).not.toHaveBeenCalled()
    } finally {
      vi.useRealTimers()
    }
  })

  it('reaches, in a full restore, records read after an invalidation made while reading', async () => {
    const storage = await storageWith([['a'], record(['a'])])
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const slow = { ...storage, getAll: async (namespace: string) => (await gate, storage.getAll(namespace)) }
    const { client, connection } = session(slow)
    await invalidateKeys(client, [['a']], { refetch: 'none' })
    release()
    expect((await connection.restored).restored).toBe(1)
    expect(client.getQueryState(['a'])?.isInvalidated).toBe(true)
  })

  it('writes an invalidation as one small note, reading no record', async () => {
    const storage = await storageWith([['a'], record(['a'])])
    const { client, connection } = session(storage, lazy)
    await connection.restored
    const update = vi.spyOn(storage, 'update')
    await invalidateTags(client, ['t'], { refetch: 'none' })
    await connection.flush()
    expect(update).toHaveBeenCalledTimes(1)
    expect(update.mock.calls[0]![1]).toEqual([LOG_KEY])
  })

  it('restores the client default persister it replaced when stopped', async () => {
    const own = vi.fn()
    const client = new QueryClient({ defaultOptions: { queries: { persister: own } } })
    const connection = persistQueryCache(
      client,
      createIndexedDBPersister({ namespace: 'u1', storage: createMemoryStorage(), ...lazy }),
    )
    expect(client.getDefaultOptions().queries?.persister).not.toBe(own)
    connection.stop()
    expect(client.getDefaultOptions().queries?.persister).toBe(own)
  })

  it('reads through IndexedDB what a previous session wrote', async () => {
    const dbName = freshDbName()
    const writer = newClient()
    const first = persistQueryCache(writer, createIndexedDBPersister({ namespace: 'u1', dbName, ...lazy }))
    await first.restored
    writer.setQueryData(['a'], { n: 1 })
    await first.flush()
    first.stop()

    const reader = newClient()
    const second = persistQueryCache(reader, createIndexedDBPersister({ namespace: 'u1', dbName, ...lazy }))
    await second.restored
    expect(await reader.fetchQuery({ queryKey: ['a'], queryFn: async () => ({ n: 2 }), staleTime: Infinity })).toEqual({
      n: 1,
    })
    second.stop()
  })
})

describe("restore: 'lazy' with hostile records", () => {
  const keys = createQueryKeys('secrets', { token: () => [] })
  const queries = defineQueries(keys, { token: { queryFn: async () => 'fresh secret', tier: 'sensitive' } })

  it.each([
    ['malformed', 'not json'],
    ['of another buster', record(['a'], { buster: 'old' })],
    ['expired', record(['a'], { updatedAt: Date.now() - 2 * 86_400_000 })],
    ['whose key hashes elsewhere', record(['b'], { hash: hashOf(['a']) })],
  ])('does not show a %s record, calls the queryFn and deletes it', async (_, text) => {
    const storage = await storageWith([['a'], text])
    const { client, connection } = session(storage, lazy)
    await connection.restored
    expect(await client.fetchQuery({ queryKey: ['a'], queryFn: async () => 'net', staleTime: Infinity })).toBe('net')
    await connection.flush()
    expect(JSON.parse((await stored(storage)).get(hashOf(['a']))!).data).toBe('net')
  })

  it('never reads a sensitive query from disk', async () => {
    const storage = await storageWith([keys.token(), record(keys.token(), { data: 'planted' })])
    const { client, connection } = session(storage, lazy)
    await connection.restored
    expect(await client.fetchQuery({ ...queries.token(), staleTime: Infinity })).toBe('fresh secret')
  })

  it('ignores a malformed note log and replaces it with the next note', async () => {
    const storage = await storageWith([['a'], record(['a'])])
    await storage.update('u1', [], () => ({ put: [[LOG_KEY, '[[1,"z"]']], delete: [] }))
    const { client, connection } = session(storage, lazy)
    await connection.restored
    const queryFn = vi.fn(async () => 'net')
    await client.fetchQuery({ queryKey: ['a'], queryFn, staleTime: Infinity })
    expect(queryFn).not.toHaveBeenCalled()
    await invalidateTags(client, ['t'], { refetch: 'none' })
    await connection.flush()
    expect(JSON.parse((await stored(storage)).get(LOG_KEY)!)).toEqual([[expect.any(Number), 't', 't']])
  })

  it('does not let a note dated in the future mark later records stale forever', async () => {
    const storage = await storageWith([['a'], record(['a'], { updatedAt: Date.now() })])
    await storage.update('u1', [], () => ({
      put: [[LOG_KEY, JSON.stringify([[Date.now() - 5_000, 'a']])]],
      delete: [],
    }))
    const far = await storageWith([['a'], record(['a'], { updatedAt: Date.now() })])
    await far.update('u1', [], () => ({ put: [[LOG_KEY, JSON.stringify([[Date.now() + 1e12, 'a']])]], delete: [] }))
    const results = []
    for (const storageOf of [storage, far]) {
      const { client, connection } = session(storageOf, lazy)
      await connection.restored
      const queryFn = vi.fn(async () => 'net')
      await client.fetchQuery({ queryKey: ['a'], queryFn, staleTime: Infinity })
      results.push(queryFn.mock.calls.length)
    }
    // The note is clamped to now on read: it reaches records up to now (the record here), never later ones.
    expect(results).toEqual([0, 1])
  })

  it.each([
    ['rejects', () => Promise.reject(new Error('broken'))],
    [
      'throws',
      () => {
        throw new Error('broken')
      },
    ],
    ['answers null', async () => null],
    ['answers an array', async () => [['x', 'y']]],
  ])('falls back to the queryFn when the storage get %s', async (_, get) => {
    const storage = await storageWith([['a'], record(['a'])])
    const { client, connection } = session({ ...storage, get } as unknown as PersistStorage, lazy)
    await connection.restored
    expect(await client.fetchQuery({ queryKey: ['a'], queryFn: async () => 'net', staleTime: Infinity })).toBe('net')
  })

  it('reads with the storage get when it has one, never with update', async () => {
    const storage = await storageWith([['a'], record(['a'], { data: 'from disk' })])
    const update = vi.spyOn(storage, 'update')
    const get = vi.fn(async (namespace: string, keys: Array<string>) => {
      const rows = await stored(storage)
      return new Map(keys.filter((key) => rows.has(key)).map((key) => [key, rows.get(key)]))
    })
    const { client, connection } = session({ ...storage, get }, lazy)
    await connection.restored
    expect(await client.fetchQuery({ queryKey: ['a'], queryFn: async () => 'net', staleTime: Infinity })).toBe(
      'from disk',
    )
    expect(get).toHaveBeenCalledWith('u1', [hashOf(['a']), LOG_KEY])
    expect(update).not.toHaveBeenCalled()
  })

  it('falls back to the queryFn when the storage never answers a read', async () => {
    const storage = await storageWith([['a'], record(['a'])])
    const { client, connection, onError } = session(
      { ...storage, update: () => new Promise<void>(() => undefined) },
      { ...lazy, restoreTimeoutMs: 20 },
    )
    await connection.restored
    expect(await client.fetchQuery({ queryKey: ['a'], queryFn: async () => 'net', staleTime: Infinity })).toBe('net')
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ reason: 'storage' }))
  })
})

describe("restore: 'lazy' with write-through", () => {
  it("reads back as fresh what a mutation's writes put on disk: the write is not noted as an invalidation", async () => {
    const storage = createMemoryStorage()
    const writer = session(storage, lazy)
    await writer.connection.restored
    const useRename = defineMutation({
      mutationFn: async (name: string) => ({ name }),
      writes: (project) => [[['project', 'p1'], project]],
    })
    await writer.client.getMutationCache().build(writer.client, useRename.options()).execute('Renamed')
    await writer.connection.flush()

    const reader = session(storage, lazy)
    await reader.connection.restored
    const queryFn = vi.fn(async () => ({ name: 'from network' }))
    const data = await reader.client.fetchQuery({ queryKey: ['project', 'p1'], queryFn, staleTime: Infinity })
    expect(data).toEqual({ name: 'Renamed' })
    expect(queryFn).not.toHaveBeenCalled()
    expect(reader.client.getQueryState(['project', 'p1'])?.isInvalidated).toBe(false)
  })
})
