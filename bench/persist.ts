// Persistence at 1k and 10k cached queries of ~1 KB: bytes and time to persist one changed query, and
// time to restore everything, for the toolkit's per-query records vs TanStack's
// persistQueryClientSave / persistQueryClientRestore with the async-storage persister over idb-keyval.
// Node with fake-indexeddb: the storage engine runs on the same thread here, so "main thread" counts
// only the work before the bytes reach IndexedDB, and "until stored" counts everything.
import 'fake-indexeddb/auto'
import { performance } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { QueryClient } from '@tanstack/react-query'
import { createAsyncStoragePersister } from '@tanstack/query-async-storage-persister'
import { persistQueryClientRestore, persistQueryClientSave } from '@tanstack/query-persist-client-core'
import type { Persister, PersistQueryClientOptions } from '@tanstack/query-persist-client-core'
import { createStore, del, get, set } from 'idb-keyval'
import { createIndexedDBPersister, persistQueryCache } from '../src/persist'
import type { QueryPersister } from '../src/persist'
import { formatBytes, formatMs, printTable } from './harness'
import { internalsOf } from '../src/persist/internal/persisterInternals'
import { itemData, keyOf, MAX_AGE, newClient } from './persistFixture'

const RESTORE_ROUNDS = 9

// A full collection before each timed restore, so neither side pays for the other's garbage.
setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

function fill(client: QueryClient, count: number): void {
  for (let i = 0; i < count; i++) client.setQueryData(keyOf(i), itemData(i))
}

// Counts what reaches IndexedDB: every put, as the JSON size of its value (both sides write strings).
let bytesPut = 0
const put = IDBObjectStore.prototype.put
IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
  bytesPut += typeof value === 'string' ? value.length : (JSON.stringify(value)?.length ?? 0)
  return put.call(this, value, key)
}

interface SerializeTiming {
  serializeMs: number
  serializedAt: number
}

function baselinePersister(dbName: string, timing: SerializeTiming): Persister {
  const store = createStore(dbName, 'keyval')
  return createAsyncStoragePersister({
    storage: {
      getItem: (key) => get<string>(key, store).then((value) => value ?? null),
      setItem: (key, value) => set(key, value, store),
      removeItem: (key) => del(key, store),
    },
    throttleTime: 0,
    serialize: (client) => {
      const start = performance.now()
      const text = JSON.stringify(client)
      timing.serializeMs += performance.now() - start
      timing.serializedAt = start
      return text
    },
  })
}

// The baseline packages carry their own copy of query-core; at runtime they take our client as is.
const asBaselineClient = (client: QueryClient) => client as unknown as PersistQueryClientOptions['queryClient']

const median = (values: Array<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

interface ChangeFigures {
  bytes: number
  mainMs: number
  storedMs: number
}

async function toolkitChange(
  client: QueryClient,
  persister: QueryPersister,
  flush: () => Promise<void>,
  i: number,
  revision: number,
): Promise<ChangeFigures> {
  let handedOver = 0
  const internals = internalsOf(persister)
  const write = internals.write
  internals.write = (puts, deletes) => {
    handedOver = performance.now()
    return write(puts, deletes)
  }
  bytesPut = 0
  const start = performance.now()
  client.setQueryData(keyOf(i), itemData(i, revision))
  const afterSet = performance.now()
  const flushStart = performance.now()
  await flush()
  const end = performance.now()
  internals.write = write
  return { bytes: bytesPut, mainMs: afterSet - start + (handedOver - flushStart), storedMs: end - start }
}

async function baselineChange(
  client: QueryClient,
  persister: Persister,
  timing: SerializeTiming,
  i: number,
  revision: number,
): Promise<ChangeFigures> {
  bytesPut = 0
  timing.serializeMs = 0
  timing.serializedAt = Number.POSITIVE_INFINITY
  const start = performance.now()
  client.setQueryData(keyOf(i), itemData(i, revision))
  const saving = persistQueryClientSave({ queryClient: asBaselineClient(client), persister })
  const syncEnd = performance.now()
  await saving
  const end = performance.now()
  // dehydrate runs synchronously, and so does JSON.stringify unless the throttle deferred it.
  const mainMs = syncEnd - start + (timing.serializedAt < syncEnd ? 0 : timing.serializeMs)
  return { bytes: bytesPut, mainMs, storedMs: end - start }
}

async function scenario(count: number, rounds: number) {
  const run = `${Date.now()}-${count}`
  const ourDb = `bench-toolkit-${run}`
  const baseDb = `bench-tanstack-${run}`
  const timing: SerializeTiming = { serializeMs: 0, serializedAt: 0 }
  const querySize = JSON.stringify(itemData(count - 1, 1)).length

  // Initial save of the whole cache, both sides.
  const ourClient = newClient()
  fill(ourClient, count)
  const persister = createIndexedDBPersister({ namespace: 'bench', dbName: ourDb, maxAge: MAX_AGE })
  const connection = persistQueryCache(ourClient, persister)
  await connection.restored
  bytesPut = 0
  let start = performance.now()
  await connection.flush()
  const ourInitial = { ms: performance.now() - start, bytes: bytesPut }

  const baseClient = newClient()
  fill(baseClient, count)
  const base = baselinePersister(baseDb, timing)
  bytesPut = 0
  start = performance.now()
  await persistQueryClientSave({ queryClient: asBaselineClient(baseClient), persister: base })
  const baseInitial = { ms: performance.now() - start, bytes: bytesPut }

  // One changed query, repeated on different queries.
  const ours: Array<ChangeFigures> = []
  const theirs: Array<ChangeFigures> = []
  for (let r = 0; r < rounds; r++) {
    const i = (r * 7919) % count
    ours.push(await toolkitChange(ourClient, persister, connection.flush, i, r + 1))
    theirs.push(await baselineChange(baseClient, base, timing, i, r + 1))
  }
  connection.stop()
  ourClient.clear()
  baseClient.clear()

  // Restore everything into a fresh client, alternating which side goes first; each opens its database afresh.
  const restoreToolkit = async (): Promise<number> => {
    collectGarbage()
    const client = newClient()
    const start = performance.now()
    const restoring = persistQueryCache(
      client,
      createIndexedDBPersister({ namespace: 'bench', dbName: ourDb, maxAge: MAX_AGE }),
    )
    const report = await restoring.restored
    for (let i = 0; i < count; i++)
      if (client.getQueryData(keyOf(i)) === undefined) throw new Error(`toolkit restore missed ${i}`)
    const ms = performance.now() - start
    if (report.restored !== count) throw new Error(`toolkit restored ${report.restored}`)
    restoring.stop()
    client.clear()
    return ms
  }
  const restoreBaseline = async (): Promise<number> => {
    collectGarbage()
    const client = newClient()
    const start = performance.now()
    await persistQueryClientRestore({
      queryClient: asBaselineClient(client),
      persister: baselinePersister(baseDb, timing),
      maxAge: MAX_AGE,
    })
    for (let i = 0; i < count; i++)
      if (client.getQueryData(keyOf(i)) === undefined) throw new Error(`baseline restore missed ${i}`)
    const ms = performance.now() - start
    client.clear()
    return ms
  }
  const ourRestore: Array<number> = []
  const baseRestore: Array<number> = []
  for (let r = 0; r < RESTORE_ROUNDS; r++) {
    if (r % 2 === 0) {
      ourRestore.push(await restoreToolkit())
      baseRestore.push(await restoreBaseline())
    } else {
      baseRestore.push(await restoreBaseline())
      ourRestore.push(await restoreToolkit())
    }
  }

  return {
    querySize,
    ourInitial,
    baseInitial,
    ourChange: {
      bytes: median(ours.map((o) => o.bytes)),
      mainMs: median(ours.map((o) => o.mainMs)),
      storedMs: median(ours.map((o) => o.storedMs)),
    },
    baseChange: {
      bytes: median(theirs.map((o) => o.bytes)),
      mainMs: median(theirs.map((o) => o.mainMs)),
      storedMs: median(theirs.map((o) => o.storedMs)),
    },
    ourRestore: median(ourRestore),
    baseRestore: median(baseRestore),
  }
}

export default async function run(): Promise<void> {
  const changeRows: Array<Record<string, string>> = []
  const restoreRows: Array<Record<string, string>> = []
  for (const [count, rounds] of [
    [1_000, 30],
    [10_000, 12],
  ] as const) {
    const f = await scenario(count, rounds)
    const n = count.toLocaleString('en-US')
    const changeRow = (side: string, change: typeof f.ourChange, initial: typeof f.ourInitial, digits: number) => ({
      queries: n,
      side,
      'bytes written': formatBytes(change.bytes),
      '× query size': (change.bytes / f.querySize).toFixed(digits),
      'main thread': formatMs(change.mainMs),
      'until stored': formatMs(change.storedMs),
      'first save (all)': `${formatBytes(initial.bytes)} in ${formatMs(initial.ms)}`,
    })
    changeRows.push(
      changeRow('toolkit', f.ourChange, f.ourInitial, 2),
      changeRow('TanStack', f.baseChange, f.baseInitial, 0),
    )
    restoreRows.push({
      queries: n,
      [`toolkit (median of ${RESTORE_ROUNDS})`]: formatMs(f.ourRestore),
      [`TanStack (median of ${RESTORE_ROUNDS})`]: formatMs(f.baseRestore),
      'toolkit / TanStack': (f.ourRestore / f.baseRestore).toFixed(2),
    })
  }
  printTable('Persist one changed query (~1 KB): per-query records vs whole-cache save (medians)', changeRows)
  printTable(
    'Restore every query until getQueryData returns each (Node, fake-indexeddb): toolkit vs persistQueryClientRestore',
    restoreRows,
  )
  IDBObjectStore.prototype.put = put
}
