import { QueryObserver, dehydrate, hydrate } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createIndexedDBPersister, persistQueryCache } from '../../src/persist'
import type { PersistedQueryCache, QueryPersister } from '../../src/persist'
import { freshDbName, hashOf, newClient, readDisk, writeRaw } from './helpers'
import { internalsOf } from '../../src/persist/internal/persisterInternals'

const open: Array<PersistedQueryCache> = []
function connect(...args: Parameters<typeof persistQueryCache>): PersistedQueryCache {
  const connection = persistQueryCache(...args)
  open.push(connection)
  return connection
}

afterEach(() => {
  for (const connection of open.splice(0)) connection.stop()
  vi.useRealTimers()
  vi.restoreAllMocks()
})

function setup(options: Partial<Parameters<typeof createIndexedDBPersister>[0]> = {}) {
  const dbName = freshDbName()
  const persister = createIndexedDBPersister({ namespace: 'u1', dbName, ...options })
  const client = newClient()
  const connection = connect(client, persister)
  return { dbName, persister, client, connection }
}

/** Counts the records each write batch puts. */
function spyWrites(persister: QueryPersister): Array<Array<string>> {
  const batches: Array<Array<string>> = []
  const internals = internalsOf(persister)
  const write = internals.write
  vi.spyOn(internals, 'write').mockImplementation((puts, deletes) => {
    batches.push(puts.map((put) => put.hash))
    return write(puts, deletes)
  })
  return batches
}

describe('persistQueryCache', () => {
  it('writes a query set with setQueryData as one record under its namespace', async () => {
    const { dbName, client, connection } = setup()
    await connection.restored
    client.setQueryData(['projects', 'p1'], { id: 'p1' })
    await connection.flush()
    const disk = await readDisk(dbName)
    expect([...disk.keys()]).toEqual([`u1/${hashOf(['projects', 'p1'])}`])
    expect(disk.get(`u1/${hashOf(['projects', 'p1'])}`)).toMatchObject({
      v: 1,
      buster: '',
      key: ['projects', 'p1'],
      hash: hashOf(['projects', 'p1']),
      data: { id: 'p1' },
    })
  })

  it('writes a fetched query once its fetch succeeds', async () => {
    const { dbName, client, connection } = setup()
    await connection.restored
    await client.fetchQuery({ queryKey: ['fetched'], queryFn: () => Promise.resolve(42) })
    await connection.flush()
    expect((await readDisk(dbName)).get(`u1/${hashOf(['fetched'])}`)?.data).toBe(42)
  })

  it('writes only the changed query when one of many changes', async () => {
    const { persister, client, connection } = setup()
    await connection.restored
    for (let i = 0; i < 20; i++) client.setQueryData(['item', i], { i })
    await connection.flush()
    const batches = spyWrites(persister)
    client.setQueryData(['item', 7], { i: 7, changed: true })
    await connection.flush()
    expect(batches).toEqual([[hashOf(['item', 7])]])
  })

  it('writes every change of one throttle window in a single batch', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { persister, client, connection } = setup({ throttleMs: 100 })
    await connection.restored
    const batches = spyWrites(persister)
    client.setQueryData(['a'], 1)
    client.setQueryData(['b'], 2)
    client.setQueryData(['a'], 3)
    expect(batches).toEqual([])
    await vi.advanceTimersByTimeAsync(100)
    expect(batches).toEqual([[hashOf(['a']), hashOf(['b'])]])
  })

  it('persists an optimistic update and then its rollback', async () => {
    const { dbName, client, connection } = setup()
    await connection.restored
    client.setQueryData(['todos'], ['a'])
    const snapshot = client.getQueryData(['todos'])
    client.setQueryData(['todos'], ['a', 'optimistic'])
    await connection.flush()
    expect((await readDisk(dbName)).get(`u1/${hashOf(['todos'])}`)?.data).toEqual(['a', 'optimistic'])
    client.setQueryData(['todos'], snapshot)
    await connection.flush()
    expect((await readDisk(dbName)).get(`u1/${hashOf(['todos'])}`)?.data).toEqual(['a'])
  })

  it('deletes the record of a removed query', async () => {
    const { dbName, client, connection } = setup()
    await connection.restored
    client.setQueryData(['gone'], 1)
    client.setQueryData(['kept'], 2)
    await connection.flush()
    client.removeQueries({ queryKey: ['gone'] })
    await connection.flush()
    expect([...(await readDisk(dbName)).keys()]).toEqual([`u1/${hashOf(['kept'])}`])
  })

  it('never writes the sensitive tier or a query with persist false', async () => {
    const { dbName, client, connection } = setup()
    await connection.restored
    client.setQueryDefaults(['secret'], { meta: { tier: 'sensitive', persist: false } })
    client.setQueryDefaults(['live'], { meta: { tier: 'realtime', persist: false } })
    client.setQueryDefaults(['odd'], { meta: { tier: 'sensitive' } })
    client.setQueryData(['secret', 'iban'], 'DE00')
    client.setQueryData(['live', 'tick'], 1)
    client.setQueryData(['odd'], 'no persist flag, still sensitive')
    client.setQueryData(['public'], 'ok')
    await connection.flush()
    expect([...(await readDisk(dbName)).keys()]).toEqual([`u1/${hashOf(['public'])}`])
  })

  it('does not write a query whose fetch failed', async () => {
    const { dbName, client, connection } = setup()
    await connection.restored
    await client.prefetchQuery({ queryKey: ['broken'], queryFn: () => Promise.reject(new Error('down')) })
    await connection.flush()
    expect((await readDisk(dbName)).size).toBe(0)
  })

  it('skips data that cannot be serialised with a warning naming its key, and writes the rest', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { dbName, client, connection } = setup()
    await connection.restored
    const cyclic: Record<string, unknown> = { name: 'loop' }
    cyclic.self = cyclic
    client.setQueryData(['cyclic'], cyclic)
    client.setQueryData(['fn'], { run: () => 1 })
    client.setQueryData(['fine'], { ok: true })
    await connection.flush()
    expect([...(await readDisk(dbName)).keys()]).toEqual([`u1/${hashOf(['fine'])}`])
    const messages = warn.mock.calls.map((call) => String(call[0]))
    expect(messages).toHaveLength(2)
    expect(messages.some((m) => m.startsWith('[react-query-toolkit]') && m.includes(hashOf(['cyclic'])))).toBe(true)
    expect(messages.some((m) => m.includes(hashOf(['fn'])))).toBe(true)
  })
})

describe('restore', () => {
  async function seed(dbName: string, namespace = 'u1', options: { buster?: string } = {}) {
    const persister = createIndexedDBPersister({ namespace, dbName, ...options })
    const client = newClient()
    const connection = connect(client, persister)
    await connection.restored
    client.setQueryDefaults(['projects'], { meta: { tier: 'long', persist: true } })
    client.setQueryData(['projects', 'list'], [{ id: 'p1' }, { id: 'p2' }])
    client.setQueryData(['me'], { name: 'Ada' })
    await connection.flush()
    connection.stop()
  }

  it('restores every record into a fresh client and reports it', async () => {
    const dbName = freshDbName()
    await seed(dbName)
    const client = newClient()
    const { restored } = connect(client, createIndexedDBPersister({ namespace: 'u1', dbName }))
    const report = await restored
    expect(report).toMatchObject({ restored: 2, expired: 0, busted: 0, corrupt: 0 })
    expect(report.ms).toBeGreaterThanOrEqual(0)
    expect(client.getQueryData(['projects', 'list'])).toEqual([{ id: 'p1' }, { id: 'p2' }])
    expect(client.getQueryData(['me'])).toEqual({ name: 'Ada' })
  })

  it('keeps the meta of a restored query', async () => {
    const dbName = freshDbName()
    await seed(dbName)
    const client = newClient()
    await connect(client, createIndexedDBPersister({ namespace: 'u1', dbName })).restored
    expect(client.getQueryCache().find({ queryKey: ['projects', 'list'] })?.meta).toEqual({
      tier: 'long',
      persist: true,
    })
  })

  it("gives restored queries the client's defaults, their keys' own defaults and maxAge as gcTime", async () => {
    const dbName = freshDbName()
    await seed(dbName)
    const client = newClient()
    client.setDefaultOptions({ queries: { staleTime: 1234, retry: 2 } })
    client.setQueryDefaults(['projects'], { staleTime: 99 })
    await connect(client, createIndexedDBPersister({ namespace: 'u1', dbName, maxAge: 3_600_000 })).restored
    const project = client.getQueryCache().find({ queryKey: ['projects', 'list'] })
    const me = client.getQueryCache().find({ queryKey: ['me'] })
    expect(project?.options).toMatchObject({
      staleTime: 99,
      retry: 2,
      gcTime: 3_600_000,
      meta: { tier: 'long', persist: true },
    })
    expect(me?.options).toMatchObject({ staleTime: 1234, retry: 2, gcTime: 3_600_000 })
    expect(me?.options).toEqual(client.defaultQueryOptions({ queryKey: ['me'], gcTime: 3_600_000 }))
  })

  it('serves a restored query as cached data to an observer that mounts later', async () => {
    const dbName = freshDbName()
    await seed(dbName)
    const client = newClient()
    await connect(client, createIndexedDBPersister({ namespace: 'u1', dbName })).restored
    const queryFn = vi.fn(() => Promise.resolve({ name: 'fetched' }))
    const observer = new QueryObserver(client, { queryKey: ['me'], queryFn, staleTime: 60_000 })
    const unsubscribe = observer.subscribe(() => undefined)
    expect(observer.getCurrentResult()).toMatchObject({ status: 'success', data: { name: 'Ada' }, isStale: false })
    expect(queryFn).not.toHaveBeenCalled()
    unsubscribe()
  })

  it('restores an invalidated query as invalidated, so it refetches on next use', async () => {
    const dbName = freshDbName()
    const persister = createIndexedDBPersister({ namespace: 'u1', dbName })
    const writer = newClient()
    const connection = connect(writer, persister)
    await connection.restored
    writer.setQueryData(['stale'], 1)
    await writer.invalidateQueries({ queryKey: ['stale'], refetchType: 'none' })
    await connection.flush()
    const client = newClient()
    await connect(client, createIndexedDBPersister({ namespace: 'u1', dbName })).restored
    expect(client.getQueryState(['stale'])?.isInvalidated).toBe(true)
  })

  it('keeps what memory holds when it is newer than the record', async () => {
    const dbName = freshDbName()
    await seed(dbName)
    const client = newClient()
    client.setQueryData(['me'], { name: 'newer' }, { updatedAt: Date.now() + 1000 })
    const report = await connect(client, createIndexedDBPersister({ namespace: 'u1', dbName })).restored
    expect(report.restored).toBe(1)
    expect(client.getQueryData(['me'])).toEqual({ name: 'newer' })
  })

  it('replaces what memory holds when the record is newer', async () => {
    const dbName = freshDbName()
    await seed(dbName)
    const client = newClient()
    client.setQueryData(['me'], { name: 'older' }, { updatedAt: 1 })
    const report = await connect(client, createIndexedDBPersister({ namespace: 'u1', dbName })).restored
    expect(report.restored).toBe(2)
    expect(client.getQueryData(['me'])).toEqual({ name: 'Ada' })
  })

  it('does not rewrite restored records', async () => {
    const dbName = freshDbName()
    await seed(dbName)
    const persister = createIndexedDBPersister({ namespace: 'u1', dbName })
    const batches = spyWrites(persister)
    const connection = connect(newClient(), persister)
    await connection.restored
    await connection.flush()
    expect(batches.flat()).toEqual([])
  })

  it('never restores the records of another namespace', async () => {
    const dbName = freshDbName()
    await seed(dbName, 'alice')
    const client = newClient()
    const report = await connect(client, createIndexedDBPersister({ namespace: 'bob', dbName })).restored
    expect(report.restored).toBe(0)
    expect(client.getQueryCache().getAll()).toEqual([])
  })

  it('drops, deletes and counts records of another buster', async () => {
    const dbName = freshDbName()
    await seed(dbName, 'u1', { buster: 'v1' })
    const client = newClient()
    const report = await connect(client, createIndexedDBPersister({ namespace: 'u1', dbName, buster: 'v2' })).restored
    expect(report).toMatchObject({ restored: 0, busted: 2 })
    expect(client.getQueryCache().getAll()).toEqual([])
    expect((await readDisk(dbName)).size).toBe(0)
  })

  it('drops, deletes and counts expired records', async () => {
    const dbName = freshDbName()
    await seed(dbName)
    const client = newClient()
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 25 * 3_600_000)
    const report = await connect(client, createIndexedDBPersister({ namespace: 'u1', dbName })).restored
    vi.mocked(Date.now).mockRestore()
    expect(report).toMatchObject({ restored: 0, expired: 2 })
    expect((await readDisk(dbName)).size).toBe(0)
  })

  it('skips, deletes and counts corrupt records and still restores every valid one', async () => {
    const dbName = freshDbName()
    await seed(dbName)
    const valid = { v: 1, buster: '', key: ['x'], hash: '["x"]', updatedAt: Date.now(), data: 1 }
    await writeRaw(dbName, [
      ['u1', 'not-json', '{oops'],
      ['u1', 'not-a-string', { v: 1 }],
      ['u1', 'number', 42],
      ['u1', 'array', JSON.stringify([1, 2])],
      ['u1', 'missing-data', JSON.stringify({ ...valid, data: undefined })],
      ['u1', 'wrong-types', JSON.stringify({ ...valid, updatedAt: 'yesterday' })],
      ['u1', 'bad-meta', JSON.stringify({ ...valid, meta: 'tier' })],
      ['u1', 'foreign-schema', JSON.stringify({ buster: '', timestamp: 1, clientState: {} })],
      ['u1', 'future-version', JSON.stringify({ ...valid, v: 2 })],
    ])
    const client = newClient()
    const report = await connect(client, createIndexedDBPersister({ namespace: 'u1', dbName })).restored
    expect(report).toMatchObject({ restored: 2, corrupt: 9, expired: 0, busted: 0 })
    expect(client.getQueryData(['me'])).toEqual({ name: 'Ada' })
    expect((await readDisk(dbName)).size).toBe(2)
  })
})

describe('several tabs', () => {
  /** Two clients persisting namespace u1 of one database, both restored. */
  async function twoTabs() {
    const dbName = freshDbName()
    const tabA = setup({ dbName })
    const tabB = setup({ dbName })
    await Promise.all([tabA.connection.restored, tabB.connection.restored])
    return { dbName, tabA, tabB }
  }

  it('never lets an older copy of a query overwrite a newer one', async () => {
    const { dbName, tabA, tabB } = await twoTabs()
    tabA.client.setQueryData(['shared'], 'new', { updatedAt: 2000 })
    await tabA.connection.flush()
    tabB.client.setQueryData(['shared'], 'old', { updatedAt: 1000 })
    await tabB.connection.flush()
    expect((await readDisk(dbName)).get(`u1/${hashOf(['shared'])}`)).toMatchObject({ data: 'new', updatedAt: 2000 })
  })

  it('deletes the stored copy of a removed query this tab never wrote itself', async () => {
    const { dbName, tabA, tabB } = await twoTabs()
    tabA.client.setQueryData(['ssr'], 'a', { updatedAt: 1000 })
    await tabA.connection.flush()
    hydrate(tabB.client, dehydrate(tabA.client))
    tabB.client.removeQueries({ queryKey: ['ssr'] })
    await tabB.connection.flush()
    expect((await readDisk(dbName)).size).toBe(0)
  })

  it('does not delete a newer copy written by another tab when a query is removed', async () => {
    const { dbName, tabA, tabB } = await twoTabs()
    tabB.client.setQueryData(['shared'], 'b', { updatedAt: 1000 })
    await tabB.connection.flush()
    tabA.client.setQueryData(['shared'], 'a', { updatedAt: 2000 })
    await tabA.connection.flush()
    tabB.client.removeQueries({ queryKey: ['shared'] })
    await tabB.connection.flush()
    expect((await readDisk(dbName)).get(`u1/${hashOf(['shared'])}`)?.data).toBe('a')
  })
})
