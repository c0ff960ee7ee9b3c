// Test helpers: a fresh database per test and direct reads of what the persister stored.
import { QueryClient } from '@tanstack/react-query'
import { createStore, entries, setMany } from 'idb-keyval'
import { createIndexedDBPersister, persistQueryCache } from '../../src/persist'
import type { IndexedDBPersisterOptions, PersistedQueryCache } from '../../src/persist'
import { internalsOf } from '../../src/persist/internal/persisterInternals'
import { recordKey } from '../../src/persist/internal/record'
import { CHANGE_PREFIX, SNAPSHOT_KEY } from '../../src/persist/internal/snapshot'

let counter = 0

/** A database name no other test uses. */
export const freshDbName = (): string => `rqt-test-${Date.now()}-${++counter}`

export const rawStore = (dbName: string) => createStore(dbName, 'queries')

const split = (key: string): [namespace: string, hash: string] => {
  const [length, rest] = key.split(/:(.*)/s) as [string, string]
  const ns = rest.slice(0, Number(length))
  return [ns, rest.slice(ns.length + 1)]
}

/** Every stored record (and invalidation log), by `namespace/queryHash`, decoded; not the snapshot nor its changes. */
export async function readDisk(dbName: string): Promise<Map<string, Record<string, unknown>>> {
  const rows = (await entries<string, unknown>(rawStore(dbName))).map(([key, value]) => [split(key), value] as const)
  return new Map(
    rows
      .filter(([[, hash]]) => hash !== SNAPSHOT_KEY && !hash.startsWith(CHANGE_PREFIX))
      .map(([[ns, hash], value]) => [`${ns}/${hash}`, JSON.parse(value as string)]),
  )
}

/** The snapshot and change values stored, by `namespace/key` (raw). */
export async function readSnapshotRows(dbName: string): Promise<Map<string, unknown>> {
  const rows = (await entries<string, unknown>(rawStore(dbName))).map(([key, value]) => [split(key), value] as const)
  return new Map(
    rows
      .filter(([[, hash]]) => hash === SNAPSHOT_KEY || hash.startsWith(CHANGE_PREFIX))
      .map(([[ns, hash], value]) => [`${ns}/${hash}`, value]),
  )
}

/** Stores raw values under the record key of `namespace` and `hash`, bypassing the persister. */
export function writeRaw(dbName: string, rows: Array<[string, string, unknown]>): Promise<void> {
  return setMany(
    rows.map(([ns, hash, value]) => [recordKey(ns, hash), value]),
    rawStore(dbName),
  )
}

export const newClient = (): QueryClient =>
  new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Number.POSITIVE_INFINITY } } })

export const hashOf = (key: ReadonlyArray<unknown>): string => JSON.stringify(key)

/**
 * A client persisting namespace `u1` of `dbName`, stopped by `stopAll()`: the set-up of most tests that
 * write, then read back through another client.
 */
export function persistInto(dbName: string, client: QueryClient = newClient()) {
  const connection = persistQueryCache(client, createIndexedDBPersister({ namespace: 'u1', dbName }))
  running.push(connection)
  return { client, connection }
}

const running: Array<PersistedQueryCache> = []

export function stopAll(): void {
  for (const connection of running.splice(0)) connection.stop()
}

/**
 * A persister with its internal members (`read`, `write`, `clear`, `degrade`…) on its face, for tests
 * that drive the policy directly rather than through `persistQueryCache`.
 */
export function createTestPersister(options: IndexedDBPersisterOptions) {
  const persister = createIndexedDBPersister(options)
  return { ...persister, ...internalsOf(persister) }
}
