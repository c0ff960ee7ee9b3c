// `restore: 'lazy'` against TanStack's fine-grained persister (`experimental_createQueryPersister`), the
// behaviour the two share: a query that has no data looks in storage before its queryFn. The same cache is
// persisted by each side through its own API, a new client mounts an observer (what `useQuery` does) on it,
// and what the observer settles on is compared. Where the toolkit differs on purpose (a stale record shows
// while it refetches in the same fetch, where TanStack returns it and starts a second fetch), the end state
// is what is compared.
import { experimental_createQueryPersister } from '@tanstack/query-persist-client-core'
import type { AsyncStorage } from '@tanstack/query-persist-client-core'
import { QueryClient, QueryObserver } from '@tanstack/react-query'
import type { QueryKey } from '@tanstack/react-query'
import { describe, expect, it, vi } from 'vitest'
import { createIndexedDBPersister, createMemoryStorage, persistQueryCache } from '../../src/persist'

const client = () => new QueryClient({ defaultOptions: { queries: { retry: false } } })

function mapStorage(): AsyncStorage<string> & { entries: () => Promise<Array<[string, string]>> } {
  const map = new Map<string, string>()
  return {
    getItem: async (key) => map.get(key) ?? null,
    setItem: async (key, value) => void map.set(key, value),
    removeItem: async (key) => void map.delete(key),
    entries: async () => [...map],
  }
}

interface Settled {
  data: unknown
  calls: number
  dataUpdatedAt: number
}

/** Mounts an observer and waits until it holds data and is not fetching. */
async function settle(target: QueryClient, key: QueryKey, staleTime: number, persister?: unknown): Promise<Settled> {
  const counter = { calls: 0 }
  const queryFn = async () => (counter.calls++, 'network')
  const observer = new QueryObserver(target, {
    queryKey: key,
    queryFn,
    staleTime,
    ...(persister !== undefined && { persister: persister as never }),
  })
  const unsubscribe = observer.subscribe(() => undefined)
  await vi.waitFor(() => {
    const result = observer.getCurrentResult()
    if (result.data === undefined || result.isFetching || target.isFetching() > 0) throw new Error('not settled')
  })
  // TanStack puts the record's date back in a scheduled task: wait for it too.
  await new Promise((resolve) => setTimeout(resolve, 0))
  unsubscribe()
  const { data, dataUpdatedAt } = observer.getCurrentResult()
  return { data, calls: counter.calls, dataUpdatedAt }
}

/** Persists `key` = 'stored', dated `updatedAt`, through each side's own API; then mounts it on a new client. */
async function both(key: QueryKey, updatedAt: number, staleTime: number): Promise<[Settled, Settled]> {
  const writer = client()
  writer.setQueryData(key, 'stored', { updatedAt })

  const storage = createMemoryStorage()
  const options = { namespace: 'u1', storage, throttleMs: 0, restore: 'lazy' } as const
  const saving = persistQueryCache(writer, createIndexedDBPersister(options))
  await saving.restored
  await saving.flush()
  saving.stop()
  const reader = client()
  const reading = persistQueryCache(reader, createIndexedDBPersister(options))
  await reading.restored
  const ours = await settle(reader, key, staleTime)
  reading.stop()

  const fine = experimental_createQueryPersister({ storage: mapStorage() })
  // The baseline package carries its own copy of query-core; at runtime it takes our client as is.
  await fine.persistQueryByKey(key, writer as never)
  const theirs = await settle(client(), key, staleTime, fine.persisterFn)
  return [ours, theirs]
}

describe('read-through on first use, against experimental_createQueryPersister', () => {
  it('serves a fresh record without the queryFn, with its own dataUpdatedAt', async () => {
    const updatedAt = Date.now() - 60_000
    const [ours, theirs] = await both(['fresh'], updatedAt, Infinity)
    expect(ours).toEqual(theirs)
    expect(ours).toEqual({ data: 'stored', calls: 0, dataUpdatedAt: updatedAt })
  })

  it('refetches a record that is stale for the observer, once, and settles on the network data', async () => {
    const [ours, theirs] = await both(['stale'], Date.now() - 60_000, 1_000)
    expect({ ...ours, dataUpdatedAt: 0 }).toEqual({ ...theirs, dataUpdatedAt: 0 })
    expect(ours).toMatchObject({ data: 'network', calls: 1 })
  })

  it('calls the queryFn when nothing is stored for the key', async () => {
    const ours = await settle(client(), ['none'], Infinity)
    const reader = client()
    const reading = persistQueryCache(
      reader,
      createIndexedDBPersister({ namespace: 'u1', storage: createMemoryStorage(), restore: 'lazy' }),
    )
    await reading.restored
    const lazy = await settle(reader, ['none'], Infinity)
    const fine = experimental_createQueryPersister({ storage: mapStorage() })
    const theirs = await settle(client(), ['none'], Infinity, fine.persisterFn)
    reading.stop()
    expect({ ...lazy, dataUpdatedAt: 0 }).toEqual({ ...theirs, dataUpdatedAt: 0 })
    expect({ ...ours, dataUpdatedAt: 0 }).toEqual({ ...theirs, dataUpdatedAt: 0 })
  })
})
