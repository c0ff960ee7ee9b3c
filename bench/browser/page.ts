// The benchmark page, built for production by `run.ts`: each side prepares, restores and writes through
// its own API. Every measurement runs on a freshly loaded page, so no side reads another's warm memory.
import { QueryClient, QueryObserver } from '@tanstack/react-query'
import type { QueryKey } from '@tanstack/react-query'
import { createAsyncStoragePersister } from '@tanstack/query-async-storage-persister'
import {
  experimental_createQueryPersister,
  persistQueryClientRestore,
  persistQueryClientSave,
} from '@tanstack/query-persist-client-core'
import type { PersistQueryClientOptions } from '@tanstack/query-persist-client-core'
import { clear, createStore, del, entries, get, set } from 'idb-keyval'
import {
  clearPersistedCache,
  createIndexedDBPersister,
  createIndexedDBStorage,
  persistQueryCache,
} from '../../src/persist'
import { itemData, keyOf, MAX_AGE, newClient } from '../persistFixture'

export type Side = 'toolkit' | 'toolkit-all' | 'whole' | 'fine'

const never = (): Promise<never> => Promise.reject(new Error('the benchmark expects persisted data'))
const asBaseline = (client: QueryClient) => client as unknown as PersistQueryClientOptions['queryClient']

// Counts what reaches IndexedDB.
let bytesPut = 0
const put = IDBObjectStore.prototype.put
IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
  bytesPut += typeof value === 'string' ? value.length : (JSON.stringify(value)?.length ?? 0)
  return put.call(this, value, key)
}

// The toolkit runs with its defaults. Its bound on each write and compaction grows with the bytes moved
// (`restoreTimeoutMs` + 1 ms per KB): before, a flat 5 s cut off its first write of 100k records on disk
// (`storage (Error: timeout)` after 6.1 s) and no snapshot followed. Any failure the persister absorbs
// ends the call with its message.
let toolkitError: Error | undefined
const toolkitPersister = (restore: 'all' | 'lazy') =>
  createIndexedDBPersister({
    namespace: 'bench',
    dbName: 'bench-toolkit',
    maxAge: MAX_AGE,
    restore,
    onError: (error) => void (toolkitError ??= error),
  })
const toolkitOk = () => {
  if (toolkitError) throw toolkitError
}

let wholeSaveError: Error | undefined
const wholeStore = () => createStore('bench-whole', 'keyval')
const wholePersister = () => {
  const store = wholeStore()
  return createAsyncStoragePersister({
    storage: {
      getItem: (key) => get<string>(key, store).then((value) => value ?? null),
      setItem: (key, value) => set(key, value, store),
      removeItem: (key) => del(key, store),
    },
    throttleTime: 0,
    // The persister swallows a failed save; the benchmark keeps it to report it.
    retry: ({ error }) => {
      wholeSaveError = error
      return undefined
    },
  })
}

const fineStore = () => createStore('bench-fine', 'keyval')
const finePersister = () => {
  const store = fineStore()
  return experimental_createQueryPersister({
    storage: {
      getItem: (key: string) => get<string>(key, store).then((value) => value ?? null),
      setItem: (key: string, value: string) => set(key, value, store),
      removeItem: (key: string) => del(key, store),
      entries: () => entries<string, string>(store),
    },
    maxAge: MAX_AGE,
  })
}

/**
 * Until the toolkit's idle-time compaction has folded the records just written into its snapshot, as it
 * does in an app between the writes and the next reload (what a full restore then reads).
 */
const COMPACTED_WITHIN_MS = 600_000

async function compacted(): Promise<void> {
  const storage = createIndexedDBStorage('bench-toolkit')
  const start = performance.now()
  while (performance.now() - start < COMPACTED_WITHIN_MS) {
    toolkitOk()
    const keys = (await storage.getAll('bench', '\u0002')).map(([key]) => key)
    if (keys.includes('\u0000snapshot') && !keys.some((key) => key.startsWith('\u0001'))) return storage.close?.()
    // Not too often: at 100k each look reads 100k marks.
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`the toolkit did not compact its snapshot within ${COMPACTED_WITHIN_MS / 1000} s`)
}

/** Empties the side's database and writes `count` records through its own API. */
async function prepare(side: Side, count: number): Promise<void> {
  const client = newClient()
  for (let i = 0; i < count; i++) client.setQueryData(keyOf(i), itemData(i))
  if (side === 'toolkit' || side === 'toolkit-all') {
    const persister = toolkitPersister('all')
    await clearPersistedCache(newClient(), persister)
    const connection = persistQueryCache(client, persister)
    await connection.restored
    await connection.flush()
    toolkitOk()
    await compacted()
    connection.stop()
  } else if (side === 'whole') {
    await clear(wholeStore())
    wholeSaveError = undefined
    await persistQueryClientSave({ queryClient: asBaseline(client), persister: wholePersister() })
    if (wholeSaveError) throw wholeSaveError
  } else {
    await clear(fineStore())
    // `persistQuery` with each query in hand, as the persister does itself after a fetch: `persistQueryByKey`
    // finds each query with `queryCache.find`, a scan that hashes the key against every query (~27 ms per call
    // at 100k, in Node), so preparing 100k records through it would take ~45 minutes.
    const fine = finePersister()
    const queries = client.getQueryCache().getAll()
    const batch = 500
    for (let i = 0; i < queries.length; i += batch)
      await Promise.all(queries.slice(i, i + batch).map((query) => fine.persistQuery(query as never)))
  }
}

/** Until an observer of one query (what `useQuery` subscribes) holds its persisted data. */
function shown(client: QueryClient, key: QueryKey, persister?: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const observer = new QueryObserver(client, {
      queryKey: key,
      queryFn: never,
      staleTime: Infinity,
      ...(persister !== undefined && { persister: persister as never }),
    })
    const check = (result: ReturnType<typeof observer.getCurrentResult>) => {
      if (result.data !== undefined) {
        unsubscribe()
        resolve()
      } else if (result.isError) reject(result.error)
    }
    // The listener hears changes only: data restored before the mount is in the current result.
    const unsubscribe = observer.subscribe(check)
    check(observer.getCurrentResult())
  })
}

/** First screen: from page code start until one query shows its data; `readyMs` is when it could ask. */
async function firstScreen(side: Side, count: number): Promise<{ readyMs: number; shownMs: number }> {
  const key = keyOf(Math.floor(count / 2))
  const client = newClient()
  const start = performance.now()
  let ready = start
  if (side === 'toolkit' || side === 'toolkit-all') {
    const connection = persistQueryCache(client, toolkitPersister(side === 'toolkit' ? 'lazy' : 'all'))
    await connection.restored
    ready = performance.now()
    toolkitOk()
    await shown(client, key)
  } else if (side === 'whole') {
    await persistQueryClientRestore({ queryClient: asBaseline(client), persister: wholePersister(), maxAge: MAX_AGE })
    ready = performance.now()
    await shown(client, key)
  } else {
    await shown(client, key, finePersister().persisterFn)
  }
  const end = performance.now()
  return { readyMs: ready - start, shownMs: end - ready }
}

/**
 * Full restore: `restoredMs` until the side's restore resolved, `everyMs` until `getQueryData` has then returned
 * every record (the loop is inside the measurement: what an app that reads them all waits for).
 */
async function fullRestore(side: Side, count: number): Promise<{ restoredMs: number; everyMs: number }> {
  const client = newClient()
  const start = performance.now()
  if (side === 'toolkit' || side === 'toolkit-all') {
    const connection = persistQueryCache(client, toolkitPersister('all'))
    await connection.restored
    toolkitOk()
  } else if (side === 'whole') {
    await persistQueryClientRestore({ queryClient: asBaseline(client), persister: wholePersister(), maxAge: MAX_AGE })
  } else {
    await finePersister().restoreQueries(asBaseline(client))
  }
  const restored = performance.now()
  for (let i = 0; i < count; i++)
    if (client.getQueryData(keyOf(i)) === undefined) throw new Error(`${side} missed record ${i}`)
  return { restoredMs: restored - start, everyMs: performance.now() - start }
}

/** The storage read alone, without parsing or hydrating: where a full restore's time goes. */
async function rawRead(side: Side): Promise<number> {
  const start = performance.now()
  // What a full restore reads: the snapshot and the records marked since (none after compaction).
  if (side === 'toolkit' || side === 'toolkit-all')
    await createIndexedDBStorage('bench-toolkit').getAll('bench', '\u0002')
  else if (side === 'whole') await get('REACT_QUERY_OFFLINE_CACHE', wholeStore())
  else await entries(fineStore())
  return performance.now() - start
}

let pending: { client: QueryClient; count: number; save: (i: number) => Promise<unknown> } | undefined

/** Restores everything, ready for `write`: the write is measured alone (the runner reads main-thread time around it). */
async function setupWrite(side: Side, count: number): Promise<void> {
  const client = newClient()
  let save: (i: number) => Promise<unknown>
  if (side === 'toolkit' || side === 'toolkit-all') {
    const connection = persistQueryCache(client, toolkitPersister('all'))
    await connection.restored
    save = () => connection.flush().then(toolkitOk)
  } else if (side === 'whole') {
    const persister = wholePersister()
    await persistQueryClientRestore({ queryClient: asBaseline(client), persister, maxAge: MAX_AGE })
    save = () => persistQueryClientSave({ queryClient: asBaseline(client), persister })
  } else {
    const fine = finePersister()
    await fine.restoreQueries(asBaseline(client))
    save = (i) => fine.persistQueryByKey(keyOf(i), asBaseline(client))
  }
  pending = { client, count, save }
}

/** One changed query: bytes put, and the time until stored. */
async function write(revision: number) {
  if (!pending) throw new Error('setupWrite first')
  const { client, count, save } = pending
  const i = (revision * 7919) % count
  bytesPut = 0
  const start = performance.now()
  client.setQueryData(keyOf(i), itemData(i, revision))
  await save(i)
  const storedMs = performance.now() - start
  return { bytes: bytesPut, ownBytes: JSON.stringify(itemData(i, revision)).length, storedMs }
}

Object.assign(window, { bench: { prepare, firstScreen, fullRestore, rawRead, setupWrite, write } })
