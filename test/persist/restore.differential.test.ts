// TanStack's `persistQueryClientRestore` scenarios (query-persist-client-core's persist tests), run on
// the same cache through `persistQueryCache` + `createIndexedDBPersister` (fake-indexeddb) and through
// `persistQueryClientSave`/`persistQueryClientRestore` + an async storage persister: what the cache
// holds after the restore is compared. Where the toolkit differs on purpose (per-record expiry and
// buster, the sensitive tier and `persist: false` never stored), the test says so; the README's
// "Differences from TanStack" says why.
import { createAsyncStoragePersister } from '@tanstack/query-async-storage-persister'
import { persistQueryClientRestore, persistQueryClientSave } from '@tanstack/query-persist-client-core'
import { QueryClient } from '@tanstack/react-query'
import type { QueryKey } from '@tanstack/react-query'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createIndexedDBPersister, createIndexedDBStorage, persistQueryCache } from 'react-query-toolkit/persist'
import { compactSnapshot } from '../../src/persist/internal/compactSnapshot'

const NOW = Date.UTC(2026, 10, 25, 12)
const HOUR = 3_600_000
const DAY = 24 * HOUR

interface Entry {
  key: QueryKey
  data?: unknown
  /** dataUpdatedAt, relative to the save. */
  age?: number
  meta?: Record<string, unknown>
  invalidated?: boolean
  /** A query that failed its only fetch (nothing to persist). */
  failed?: boolean
}

interface Scenario {
  /** What the saving client holds. */
  saved: Array<Entry>
  /** What the restoring client already holds. */
  present?: Array<Entry>
  /** Time between save and restore. */
  elapsed?: number
  maxAge?: number
  savedBuster?: string
  restoreBuster?: string
}

type Snapshot = Record<string, { data: unknown; dataUpdatedAt: number; status: string; isInvalidated: boolean }>

const newClient = () =>
  new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Number.POSITIVE_INFINITY } } })

async function fill(client: QueryClient, entries: Array<Entry>, at: number): Promise<void> {
  for (const entry of entries) {
    if (entry.meta) client.getQueryCache().build(client, { queryKey: entry.key, meta: entry.meta })
    if (entry.failed) {
      await client.prefetchQuery({ queryKey: entry.key, queryFn: () => Promise.reject(new Error('down')) })
      continue
    }
    client.setQueryData(entry.key, entry.data ?? 'data', { updatedAt: at - (entry.age ?? 0) })
    if (entry.invalidated) await client.invalidateQueries({ queryKey: entry.key, exact: true, refetchType: 'none' })
  }
}

function snapshot(client: QueryClient): Snapshot {
  const result: Snapshot = {}
  for (const { queryHash, state } of client.getQueryCache().getAll()) {
    result[queryHash] = {
      data: state.data,
      dataUpdatedAt: state.dataUpdatedAt,
      status: state.status,
      isInvalidated: state.isInvalidated,
    }
  }
  return result
}

let dbCounter = 0

async function throughToolkit(scenario: Scenario, compacted = false): Promise<Snapshot> {
  const dbName = `restore-differential-${++dbCounter}`
  vi.setSystemTime(NOW)
  const source = newClient()
  await fill(source, scenario.saved, NOW)
  const writer = persistQueryCache(
    source,
    createIndexedDBPersister({ namespace: 'u', dbName, buster: scenario.savedBuster }),
  )
  await writer.restored
  await writer.flush()
  writer.stop()
  if (compacted) {
    // What a reload after idle time reads: the records folded into the snapshot.
    const storage = createIndexedDBStorage(dbName)
    await compactSnapshot(storage, 'u')
    storage.close?.()
  }

  vi.setSystemTime(NOW + (scenario.elapsed ?? 0))
  const target = newClient()
  await fill(target, scenario.present ?? [], NOW + (scenario.elapsed ?? 0))
  const persister = createIndexedDBPersister({
    namespace: 'u',
    dbName,
    buster: scenario.restoreBuster,
    maxAge: scenario.maxAge,
  })
  const reader = persistQueryCache(target, persister)
  await reader.restored
  reader.stop()
  return snapshot(target)
}

async function throughTanStack(scenario: Scenario): Promise<Snapshot> {
  const items = new Map<string, string>()
  const storage = {
    getItem: async (key: string) => items.get(key) ?? null,
    setItem: async (key: string, value: string) => void items.set(key, value),
    removeItem: async (key: string) => void items.delete(key),
  }
  vi.setSystemTime(NOW)
  const source = newClient()
  await fill(source, scenario.saved, NOW)
  await persistQueryClientSave({
    queryClient: asTheirs(source),
    persister: createAsyncStoragePersister({ storage }),
    buster: scenario.savedBuster,
  })

  vi.setSystemTime(NOW + (scenario.elapsed ?? 0))
  const target = newClient()
  await fill(target, scenario.present ?? [], NOW + (scenario.elapsed ?? 0))
  await persistQueryClientRestore({
    queryClient: asTheirs(target),
    persister: createAsyncStoragePersister({ storage }),
    buster: scenario.restoreBuster,
    ...(scenario.maxAge === undefined ? {} : { maxAge: scenario.maxAge }),
  })
  return snapshot(target)
}

// query-persist-client-core 5.104.5 ships its own query-core; its QueryClient type differs only in
// private members, and dehydrate/hydrate read the public API.
type TheirClient = Parameters<typeof persistQueryClientSave>[0]['queryClient']
const asTheirs = (client: QueryClient) => client as unknown as TheirClient

async function restoreBoth(scenario: Scenario) {
  const ours = await throughToolkit(scenario)
  // The same restore from a compacted snapshot gives the same cache.
  expect(await throughToolkit(scenario, true)).toEqual(ours)
  return { ours, theirs: await throughTanStack(scenario) }
}

beforeEach(() => {
  // Only the clock: fake-indexeddb schedules its work on real timers.
  vi.useFakeTimers({ toFake: ['Date'] })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('restore against persistQueryClientRestore, same outcome', () => {
  it('restores data, dataUpdatedAt and status of a valid cache into an empty client', async () => {
    const scenario = {
      saved: [
        { key: ['a'], data: { n: 1 } },
        { key: ['b', 2], data: [1, 2], age: HOUR },
      ],
      elapsed: HOUR,
    }
    const { ours, theirs } = await restoreBoth(scenario)
    expect(ours).toEqual(theirs)
    expect(ours['["b",2]']).toEqual({
      data: [1, 2],
      dataUpdatedAt: NOW - HOUR,
      status: 'success',
      isInvalidated: false,
    })
  })

  it('keeps an invalidated query invalidated', async () => {
    const { ours, theirs } = await restoreBoth({ saved: [{ key: ['stale'], invalidated: true }] })
    expect(ours).toEqual(theirs)
    expect(ours['["stale"]']?.isInvalidated).toBe(true)
  })

  it('does not persist a query that failed', async () => {
    const { ours, theirs } = await restoreBoth({ saved: [{ key: ['failed'], failed: true }, { key: ['ok'] }] })
    expect(Object.keys(ours)).toEqual(['["ok"]'])
    expect(ours).toEqual(theirs)
  })

  it('keeps a newer copy already in memory and overwrites an older one', async () => {
    const scenario = {
      saved: [
        { key: ['newer-in-memory'], data: 'disk', age: HOUR },
        { key: ['older-in-memory'], data: 'disk' },
      ],
      present: [
        { key: ['newer-in-memory'], data: 'memory' },
        { key: ['older-in-memory'], data: 'memory', age: 2 * HOUR },
      ],
      elapsed: 0,
    }
    const { ours, theirs } = await restoreBoth(scenario)
    expect(ours).toEqual(theirs)
    expect([ours['["newer-in-memory"]']?.data, ours['["older-in-memory"]']?.data]).toEqual(['memory', 'disk'])
  })

  it('restores nothing when everything is older than maxAge', async () => {
    const { ours, theirs } = await restoreBoth({ saved: [{ key: ['a'] }, { key: ['b'] }], elapsed: 2 * DAY })
    expect(ours).toEqual({})
    expect(theirs).toEqual({})
  })

  it('restores a cache exactly maxAge old (the limit is exclusive in both)', async () => {
    const { ours, theirs } = await restoreBoth({ saved: [{ key: ['edge'] }], elapsed: HOUR, maxAge: HOUR })
    expect(ours).toEqual(theirs)
    expect(Object.keys(ours)).toEqual(['["edge"]'])
  })

  it('restores nothing written with another buster', async () => {
    const { ours, theirs } = await restoreBoth({ saved: [{ key: ['a'] }], savedBuster: 'v1', restoreBuster: 'v2' })
    expect(ours).toEqual({})
    expect(theirs).toEqual({})
  })
})

describe('restore against persistQueryClientRestore, where the toolkit differs on purpose', () => {
  it('expires each record by its own age, where TanStack keeps a recently saved cache whole', async () => {
    const scenario = { saved: [{ key: ['old-data'], age: 2 * DAY }, { key: ['new-data'] }], elapsed: HOUR }
    const { ours, theirs } = await restoreBoth(scenario)
    expect(Object.keys(theirs)).toEqual(['["old-data"]', '["new-data"]'])
    expect(Object.keys(ours)).toEqual(['["new-data"]'])
    expect(ours['["new-data"]']).toEqual(theirs['["new-data"]'])
  })

  it('never stores the sensitive tier, which TanStack dehydrates like any query', async () => {
    const scenario = { saved: [{ key: ['token'], meta: { tier: 'sensitive' } }, { key: ['public'] }] }
    const { ours, theirs } = await restoreBoth(scenario)
    expect(Object.keys(theirs)).toEqual(['["token"]', '["public"]'])
    expect(Object.keys(ours)).toEqual(['["public"]'])
  })

  it('never stores a query with meta persist: false, which TanStack needs shouldDehydrateQuery for', async () => {
    const scenario = { saved: [{ key: ['draft'], meta: { persist: false } }, { key: ['public'] }] }
    const { ours, theirs } = await restoreBoth(scenario)
    expect(Object.keys(theirs)).toEqual(['["draft"]', '["public"]'])
    expect(Object.keys(ours)).toEqual(['["public"]'])
  })
})

describe('restore from a storage that cannot be read, where the toolkit differs on purpose', () => {
  it('resolves with nothing restored and reports the error, where TanStack rejects the restore', async () => {
    const failure = new Error('storage blocked')
    const storage = {
      getItem: () => Promise.reject(failure),
      setItem: async () => {},
      removeItem: async () => {},
    }
    const silenced = [
      vi.spyOn(console, 'error').mockImplementation(() => {}),
      vi.spyOn(console, 'warn').mockImplementation(() => {}),
    ]
    await expect(
      persistQueryClientRestore({
        queryClient: asTheirs(newClient()),
        persister: createAsyncStoragePersister({ storage }),
      }),
    ).rejects.toBe(failure)

    const open = vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw failure
    })
    const errors: Array<unknown> = []
    const target = newClient()
    const persister = createIndexedDBPersister({
      namespace: 'u',
      dbName: `restore-blocked-${++dbCounter}`,
      onError: (error) => errors.push(error),
    })
    const connection = persistQueryCache(target, persister)
    await expect(connection.restored).resolves.toMatchObject({ restored: 0 })
    connection.stop()
    open.mockRestore()
    silenced.forEach((spy) => spy.mockRestore())
    expect(errors.length).toBeGreaterThan(0)
    expect(target.getQueryCache().getAll()).toEqual([])
  })
})
