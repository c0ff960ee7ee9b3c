// The compacted snapshot (`internal/snapshot.ts`, `internal/compactSnapshot.ts`): a full restore reads
// one value and the records marked since, never every record, and no stored value, other tab or crash
// makes it restore less, more or older than the records themselves hold.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { clearPersistedCache, createIndexedDBStorage, createMemoryStorage } from '../../src/persist'
import type { PersistStorage } from '../../src/persist'
import { compactSnapshot } from '../../src/persist/internal/compactSnapshot'
import { CHANGE_PREFIX, SMALL_RANGE_END, SNAPSHOT_KEY } from '../../src/persist/internal/snapshot'
import { freshDbName, hashOf, readDisk, readSnapshotRows } from './helpers'
import { record, session, stopSessions } from './hostileStorage'

afterEach(() => {
  stopSessions()
  vi.useRealTimers()
})

/** A memory storage holding `keys` as records of namespace u1, written and compacted by a persister. */
async function compactedStorage(keys: Array<string>, storage: PersistStorage = createMemoryStorage()) {
  const { client, connection } = session(storage)
  await connection.restored
  for (const key of keys) client.setQueryData([key], `${key}1`)
  await connection.flush()
  await compactSnapshot(storage, 'u1')
  connection.stop()
  return storage
}

const restoreFrom = async (storage: PersistStorage) => {
  const { client, connection, persister, onError } = session(storage)
  return { client, report: await connection.restored, persister, onError }
}

const put = (storage: PersistStorage, rows: Array<[string, string]>) =>
  storage.update('u1', [], () => ({ put: rows, delete: [] }))

describe('a restore from the snapshot', () => {
  it('reads the snapshot and the records marked since, not every record', async () => {
    const storage = await compactedStorage(['a', 'b', 'c'])
    const { client, connection } = session(storage)
    await connection.restored
    client.setQueryData(['d'], 'd1')
    client.removeQueries({ queryKey: ['a'] })
    await connection.flush()
    connection.stop()
    const rows = new Map(await storage.getAll('u1'))
    const getAll = vi.spyOn(storage, 'getAll')
    const get = vi.fn(async (_namespace: string, keys: Array<string>) => {
      return new Map(keys.flatMap((key) => (rows.has(key) ? [[key, rows.get(key)]] : [])))
    })
    const { client: next, report } = await restoreFrom({ ...storage, get })
    expect(report).toMatchObject({ restored: 3 })
    expect(['a', 'b', 'c', 'd'].map((key) => next.getQueryData([key]))).toEqual([undefined, 'b1', 'c1', 'd1'])
    expect(getAll.mock.calls).toEqual([['u1', SMALL_RANGE_END]])
    expect(get.mock.calls.map(([, keys]) => [...keys].sort())).toEqual([[hashOf(['a']), hashOf(['d'])].sort()])
  })

  it('restores a record written after the snapshot, not the older copy the snapshot holds', async () => {
    const storage = await compactedStorage(['a'])
    const { client, connection } = session(storage)
    await connection.restored
    client.setQueryData(['a'], 'a2')
    await connection.flush()
    connection.stop()
    expect((await restoreFrom(storage)).client.getQueryData(['a'])).toBe('a2')
  })

  it('never resurrects a record another tab deleted after the snapshot', async () => {
    const storage = await compactedStorage(['a', 'b'])
    const other = session(storage)
    await other.connection.restored
    other.client.removeQueries({ queryKey: ['a'] })
    await other.connection.flush()
    const { client, report } = await restoreFrom(storage)
    expect(report).toMatchObject({ restored: 1 })
    expect(client.getQueryData(['a'])).toBeUndefined()
  })

  it('drops, counts and deletes a record the snapshot holds that expired, and does not read it again', async () => {
    const storage = await compactedStorage(['a'])
    await new Promise((resolve) => setTimeout(resolve, 5))
    const { connection, persister } = session(storage, { maxAge: 1 })
    expect(await connection.restored).toMatchObject({ restored: 0, expired: 1 })
    await vi.waitFor(() => expect(persister.stats().records).toBe(0))
    expect((await restoreFrom(storage)).report).toMatchObject({ restored: 0, expired: 0 })
  })

  it('reads the record itself after a snapshot copy that does not validate', async () => {
    const storage = await compactedStorage(['a'])
    const stored = new Map(await storage.getAll('u1'))
    await put(storage, [[SNAPSHOT_KEY, String(stored.get(SNAPSHOT_KEY)).replace('"v":1', '"v":9')]])
    expect((await restoreFrom(storage)).report).toMatchObject({ restored: 0, corrupt: 1 })
    const { client, report } = await restoreFrom(storage)
    expect(report).toMatchObject({ restored: 1, corrupt: 0 })
    expect(client.getQueryData(['a'])).toBe('a1')
  })

  it('counts a record the snapshot lists under another hash as corrupt, and restores the real one next time', async () => {
    const storage = await compactedStorage(['a', 'b'])
    const stored = String(new Map(await storage.getAll('u1')).get(SNAPSHOT_KEY))
    await put(storage, [[SNAPSHOT_KEY, stored.replace(JSON.stringify(hashOf(['a'])), JSON.stringify(hashOf(['z'])))]])
    const first = await restoreFrom(storage)
    expect(first.report).toMatchObject({ restored: 1, corrupt: 1 })
    expect(first.client.getQueryData(['z'])).toBeUndefined()
    // The forged entry is marked: the count no longer adds up, so every record is read.
    const { client, report } = await restoreFrom(storage)
    expect(report).toMatchObject({ restored: 2, corrupt: 1 })
    expect(client.getQueryData(['a'])).toBe('a1')
  })

  it('is not trusted when it is older than records written without a mark, and is rebuilt', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    const storage = await compactedStorage(['a'])
    // A writer that does not mark (an older version of the app in another tab).
    await put(storage, [[hashOf(['b']), record(['b'])]])
    const { client, report } = await restoreFrom(storage)
    expect(report).toMatchObject({ restored: 2, corrupt: 1 })
    expect(client.getQueryData(['b'])).toBe('stored')
    await vi.advanceTimersByTimeAsync(5_000)
    expect(await restoreFrom(storage).then(({ report }) => report)).toMatchObject({ restored: 2, corrupt: 0 })
  })

  it.each([
    ['rejects', () => Promise.reject(new Error('no'))],
    ['answers junk', async () => 'junk'],
  ])('reads every record when the storage counting its keys %s', async (_what, count) => {
    const storage = await compactedStorage(['a'])
    await put(storage, [[hashOf(['b']), record(['b'])]])
    const { client, report } = await restoreFrom({ ...storage, count } as unknown as PersistStorage)
    expect(report).toMatchObject({ restored: 2, corrupt: 1 })
    expect(client.getQueryData(['b'])).toBe('stored')
  })

  it('rebuilds a stale snapshot from the records alone, without the copies the records no longer have', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    const storage = await compactedStorage(['a', 'x'])
    // Deleted by a writer that does not mark.
    await storage.update('u1', [], () => ({ put: [], delete: [hashOf(['x'])] }))
    expect((await restoreFrom(storage)).report).toMatchObject({ restored: 1, corrupt: 1 })
    await vi.advanceTimersByTimeAsync(5_000)
    const { client, report } = await restoreFrom(storage)
    expect(report).toMatchObject({ restored: 1, corrupt: 0 })
    expect(client.getQueryData(['x'])).toBeUndefined()
  })

  it('does not restore the snapshot of another namespace', async () => {
    const storage = await compactedStorage(['a'])
    const foreign = new Map(await storage.getAll('u1')).get(SNAPSHOT_KEY) as string
    const empty = createMemoryStorage()
    await empty.update('u2', [], () => ({ put: [[SNAPSHOT_KEY, foreign]], delete: [] }))
    const { client, report } = await restoreFrom(empty)
    expect(report).toMatchObject({ restored: 0, corrupt: 0 })
    expect(client.getQueryData(['a'])).toBeUndefined()
  })
})

describe('a snapshot that is not one', () => {
  const huge = `${JSON.stringify(Array.from({ length: 100_000 }, (_, i) => [`h${i}`, 1]))}\n[${'1,'.repeat(99_999)}1]`
  it.each([
    ['a number', 42],
    ['text without a first line', '[1,2]'],
    ['a first line that is not JSON', '{[\n[]'],
    ['heads that are not [hash, size]', '[["a"]]\n[{}]'],
    ['records that are not JSON', `[[${JSON.stringify(hashOf(['b']))},10]]\n[{"v":`],
    ['fewer records than heads', `[[${JSON.stringify(hashOf(['b']))},10],["x",1]]\n[]`],
    ['20 MB of junk', 'x'.repeat(20_000_000)],
    ['100,000 heads of junk records', huge],
  ])('is dropped and counted when it holds %s, and the records are read one by one', async (_what, value) => {
    const storage = createMemoryStorage()
    await put(storage, [
      [hashOf(['a']), record(['a'])],
      [SNAPSHOT_KEY, value as string],
    ])
    const { client, report } = await restoreFrom(storage)
    expect(report).toMatchObject({ restored: 1, corrupt: 1 })
    expect(client.getQueryData(['a'])).toBe('stored')
  })
})

describe('compaction', () => {
  it('folds the marked records into the snapshot and unmarks them', async () => {
    const storage = await compactedStorage(['a', 'b'])
    const keys = (await storage.getAll('u1')).map(([key]) => key)
    expect(keys.filter((key) => key < SMALL_RANGE_END)).toEqual([SNAPSHOT_KEY])
    expect((await restoreFrom(storage)).report).toMatchObject({ restored: 2 })
  })

  it('leaves records and snapshot as they were when the tab dies in the middle of it', async () => {
    const storage = await compactedStorage(['a'])
    const { client, connection } = session(storage)
    await connection.restored
    client.setQueryData(['b'], 'b1')
    await connection.flush()
    connection.stop()
    const before = await storage.getAll('u1')
    // Dies after reading (the transaction aborts): nothing it computed is applied.
    const dying: PersistStorage = {
      ...storage,
      update: async (namespace, keys, change) => {
        await storage.update(namespace, keys, (stored) => (change(stored), { put: [], delete: [] }))
        throw new Error('tab closed')
      },
    }
    await expect(compactSnapshot(dying, 'u1')).rejects.toThrow('tab closed')
    expect(await storage.getAll('u1')).toEqual(before)
    const { client: next } = await restoreFrom(storage)
    expect([next.getQueryData(['a']), next.getQueryData(['b'])]).toEqual(['a1', 'b1'])
  })

  it('applies one of two compactions that run at once in two tabs, and loses no record', async () => {
    const dbName = freshDbName()
    const storage = await compactedStorage(['a'], createIndexedDBStorage(dbName))
    const { client, connection } = session(storage)
    await connection.restored
    client.setQueryData(['b'], 'b1')
    client.removeQueries({ queryKey: ['a'] })
    await connection.flush()
    connection.stop()
    await Promise.all([compactSnapshot(storage, 'u1'), compactSnapshot(createIndexedDBStorage(dbName), 'u1')])
    expect([...(await readSnapshotRows(dbName)).keys()]).toEqual([`u1/${SNAPSHOT_KEY}`])
    const { client: next, report } = await restoreFrom(storage)
    expect(report).toMatchObject({ restored: 1 })
    expect(next.getQueryData(['b'])).toBe('b1')
  })

  it('runs in idle time once 500 records changed, not before', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] })
    const storage = createMemoryStorage()
    const { client, connection } = session(storage)
    await connection.restored
    for (let i = 0; i < 499; i++) client.setQueryData([i], i)
    await connection.flush()
    await vi.advanceTimersByTimeAsync(5_000)
    expect(new Map(await storage.getAll('u1')).has(SNAPSHOT_KEY)).toBe(false)
    client.setQueryData(['last'], 1)
    await connection.flush()
    await vi.advanceTimersByTimeAsync(5_000)
    expect(new Map(await storage.getAll('u1')).has(SNAPSHOT_KEY)).toBe(true)
  })

  it('never runs in a lazy tab, which marks its writes for the next full restore', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] })
    const storage = createMemoryStorage()
    const { client, connection } = session(storage, { restore: 'lazy' })
    await connection.restored
    for (let i = 0; i < 500; i++) client.setQueryData([i], i)
    await connection.flush()
    await vi.advanceTimersByTimeAsync(5_000)
    const keys = (await storage.getAll('u1')).map(([key]) => key)
    expect(keys).not.toContain(SNAPSHOT_KEY)
    expect(keys.filter((key) => key.startsWith(CHANGE_PREFIX))).toHaveLength(500)
  })

  it('runs at most once every 30 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] })
    const storage = createMemoryStorage()
    const { client, connection } = session(storage)
    await connection.restored
    for (let i = 0; i < 500; i++) client.setQueryData([i], i)
    await connection.flush()
    await vi.advanceTimersByTimeAsync(5_000)
    for (let i = 0; i < 500; i++) client.setQueryData([i], -i)
    await connection.flush()
    await vi.advanceTimersByTimeAsync(5_000)
    expect((await storage.getAll('u1')).filter(([key]) => key.startsWith(CHANGE_PREFIX))).toHaveLength(500)
    await vi.advanceTimersByTimeAsync(30_000)
    client.setQueryData(['one more'], 1)
    await connection.flush()
    await vi.advanceTimersByTimeAsync(5_000)
    expect((await storage.getAll('u1')).filter(([key]) => key.startsWith(CHANGE_PREFIX))).toHaveLength(0)
  })
})

describe('logout', () => {
  it('wipes the snapshot and its marks', async () => {
    const dbName = freshDbName()
    const storage = await compactedStorage(['a'], createIndexedDBStorage(dbName))
    const { client, persister } = session(storage)
    client.setQueryData(['b'], 1)
    await clearPersistedCache(client, persister)
    expect((await readSnapshotRows(dbName)).size).toBe(0)
    expect((await readDisk(dbName)).size).toBe(0)
  })
})
