// Test helpers: a fresh database per test and direct reads of what the persister stored.
import { QueryClient } from '@tanstack/react-query'
import { createStore, entries, setMany } from 'idb-keyval'

let counter = 0

/** A database name no other test uses. */
export const freshDbName = (): string => `rqt-test-${Date.now()}-${++counter}`

export const rawStore = (dbName: string) => createStore(dbName, 'queries')

/** Every stored record, by `namespace/queryHash`, decoded. */
export async function readDisk(dbName: string): Promise<Map<string, Record<string, unknown>>> {
  const rows = await entries<[string, string], unknown>(rawStore(dbName))
  return new Map(rows.map(([[ns, hash], value]) => [`${ns}/${hash}`, JSON.parse(value as string)]))
}

/** Stores raw values under `[namespace, hash]`, bypassing the persister. */
export function writeRaw(dbName: string, rows: Array<[string, string, unknown]>): Promise<void> {
  return setMany(
    rows.map(([ns, hash, value]) => [[ns, hash], value]),
    rawStore(dbName),
  )
}

export const newClient = (): QueryClient =>
  new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Number.POSITIVE_INFINITY } } })

export const hashOf = (key: ReadonlyArray<unknown>): string => JSON.stringify(key)
