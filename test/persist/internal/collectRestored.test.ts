// A full restore arms one gc timer for the batch instead of one per query, and its restored queries are
// still collected as query-core's own timers would collect them: checked against TanStack's `hydrate`
// (one timer per query) on the same script of observers, fetches and writes.
import { QueryClient, QueryObserver, dehydrate, hydrate, timeoutManager } from '@tanstack/react-query'
import type { QueryKey } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createIndexedDBPersister, persistQueryCache } from '../../../src/persist'
import type { PersistedQueryCache } from '../../../src/persist'
import { freshDbName } from '../helpers'

const MAX_AGE = 60_000
const keys: Array<QueryKey> = [['a'], ['b'], ['c'], ['d'], ['e']]

const newClient = () => new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: MAX_AGE } } })

const open: Array<PersistedQueryCache> = []
afterEach(() => {
  for (const connection of open.splice(0)) connection.stop()
  vi.useRealTimers()
  vi.restoreAllMocks()
})

/** Stores `count` records (and `keys`) in a fresh database; returns it and the saving client. */
async function seed(count = 0) {
  const dbName = freshDbName()
  const client = newClient()
  for (const key of keys) client.setQueryData(key, `saved ${String(key[0])}`)
  for (let i = 0; i < count; i++) client.setQueryData(['item', i], i)
  const connection = persistQueryCache(client, createIndexedDBPersister({ namespace: 'u1', dbName, maxAge: MAX_AGE }))
  await connection.restored
  await connection.flush()
  connection.stop()
  return { dbName, saved: client }
}

async function restoreToolkit(dbName: string, maxAge = MAX_AGE): Promise<QueryClient> {
  const client = newClient()
  const connection = persistQueryCache(client, createIndexedDBPersister({ namespace: 'u1', dbName, maxAge }))
  open.push(connection)
  await connection.restored
  return client
}

/** Seeds on real timers (the save needs them), then restores into a fresh client on fake ones. */
async function restoreOnFakeTimers(maxAge = MAX_AGE): Promise<QueryClient> {
  const { dbName } = await seed()
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  return restoreToolkit(dbName, maxAge)
}

const cached = (client: QueryClient): Array<string> =>
  client
    .getQueryCache()
    .getAll()
    .map((query) => query.queryHash)
    .sort()

const observe = (client: QueryClient, queryKey: QueryKey) =>
  new QueryObserver(client, { queryKey, staleTime: Infinity, gcTime: 1_000 }).subscribe(() => {})

/**
 * The script: `a` observed from 10 s to 20 s, `b` observed from 30 s on, `c` fetched from 50 s to 70 s,
 * `e` written at 40 s, `d` left alone. Returns the cached hashes at each checkpoint.
 */
async function play(client: QueryClient): Promise<Array<Array<string>>> {
  const seen: Array<Array<string>> = []
  const at = async (ms: number) => {
    await vi.advanceTimersByTimeAsync(ms)
    seen.push(cached(client))
  }
  await at(10_000)
  const stopA = observe(client, ['a'])
  await at(10_000)
  stopA()
  await at(10_000)
  observe(client, ['b'])
  await at(10_000)
  client.setQueryData(['e'], 'written')
  await at(10_000)
  void client.fetchQuery({
    queryKey: ['c'],
    queryFn: () => new Promise((resolve) => setTimeout(() => resolve('fetched'), 20_000)),
  })
  await at(9_999)
  await at(1) // 60 s: the restore's gcTime is over
  await at(10_000)
  await at(10_000) // 80 s: a's own timer (its observer left at 20 s)
  await at(50_000)
  await at(10_000) // 130 s: c's own timer (its fetch ended at 70 s)
  return seen
}

describe('collectRestored', () => {
  it('arms one gc timer for a restored batch rather than one per query', async () => {
    const { dbName } = await seed(40)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const armed = vi.spyOn(timeoutManager, 'setTimeout')
    const client = await restoreToolkit(dbName)
    expect(client.getQueryCache().getAll()).toHaveLength(45)
    expect(armed.mock.calls.filter(([, delay]) => delay === MAX_AGE)).toHaveLength(1)
  })

  it('gives every restored query maxAge as its gcTime', async () => {
    const { dbName } = await seed()
    const client = await restoreToolkit(dbName)
    for (const query of client.getQueryCache().getAll()) {
      expect([query.gcTime, query.options.gcTime]).toEqual([MAX_AGE, MAX_AGE])
    }
  })

  it('removes a restored query nothing used once maxAge has passed, not before', async () => {
    const client = await restoreOnFakeTimers()
    await vi.advanceTimersByTimeAsync(MAX_AGE - 1)
    expect(client.getQueryData(['d'])).toBe('saved d')
    await vi.advanceTimersByTimeAsync(1)
    expect(client.getQueryCache().find({ queryKey: ['d'] })).toBeUndefined()
  })

  it('keeps a restored query that has an observer when maxAge has passed', async () => {
    const client = await restoreOnFakeTimers()
    observe(client, ['b'])
    await vi.advanceTimersByTimeAsync(MAX_AGE * 3)
    expect(client.getQueryData(['b'])).toBe('saved b')
  })

  it('removes a restored query maxAge after its last observer left, not at the batch time', async () => {
    const client = await restoreOnFakeTimers()
    const stop = observe(client, ['a'])
    await vi.advanceTimersByTimeAsync(20_000)
    stop()
    await vi.advanceTimersByTimeAsync(MAX_AGE - 1)
    expect(client.getQueryData(['a'])).toBe('saved a')
    await vi.advanceTimersByTimeAsync(1)
    expect(client.getQueryCache().find({ queryKey: ['a'] })).toBeUndefined()
  })

  it('leaves a query written again under a restored key after its removal to its own timer', async () => {
    const client = await restoreOnFakeTimers()
    client.removeQueries({ queryKey: ['d'], exact: true })
    await vi.advanceTimersByTimeAsync(10_000)
    client.setQueryData(['d'], 'written again')
    await vi.advanceTimersByTimeAsync(MAX_AGE - 10_000)
    expect(client.getQueryData(['d'])).toBe('written again')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(client.getQueryCache().find({ queryKey: ['d'] })).toBeUndefined()
  })

  it('never collects restored queries when maxAge is Infinity', async () => {
    const client = await restoreOnFakeTimers(Infinity)
    await vi.advanceTimersByTimeAsync(MAX_AGE * 100)
    expect(cached(client)).toHaveLength(keys.length)
    expect(client.getQueryCache().find({ queryKey: ['d'] })?.gcTime).toBe(Infinity)
  })

  it('collects restored queries at the same moments as TanStack hydrate does, on the same script', async () => {
    const { dbName, saved } = await seed()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const toolkit = await play(await restoreToolkit(dbName))
    const tanstack = newClient()
    hydrate(tanstack, dehydrate(saved))
    const expected = await play(tanstack)
    expect(toolkit).toEqual(expected)
    // The script is not vacuous: `d` and `e` go at 60 s, `a` at 80 s, `c` at 130 s, `b` stays.
    expect(expected.at(-1)).toEqual(['["b"]'])
  })
})
