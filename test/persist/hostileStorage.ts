// Hostile storages for the policy's tests: a memory storage with some methods replaced, and a session
// persisting into it that records what it was told.
import { vi } from 'vitest'
import { createIndexedDBPersister, createMemoryStorage, persistQueryCache } from '../../src/persist'
import type { IndexedDBPersisterOptions, PersistStorage, PersistedQueryCache } from '../../src/persist'
import { hashOf, newClient } from './helpers'

const running: Array<PersistedQueryCache> = []

/** Stops every session `session()` started. */
export function stopSessions(): void {
  for (const connection of running.splice(0)) connection.stop()
}

/** A stored record's text for `key`, dated a second ago unless `fields` say otherwise. */
export const record = (key: ReadonlyArray<unknown>, fields: Record<string, unknown> = {}) =>
  JSON.stringify({ v: 1, buster: '', key, hash: hashOf(key), updatedAt: Date.now() - 1_000, data: 'stored', ...fields })

/** A memory storage holding the record of `['good']`, and a copy of it with some methods replaced. */
export async function hostile(overrides: Partial<Record<keyof PersistStorage, unknown>>) {
  const inner = createMemoryStorage()
  await inner.update('u1', [], () => ({ put: [[hashOf(['good']), record(['good'])]], delete: [] }))
  return { inner, storage: { ...inner, ...overrides } as PersistStorage }
}

/** A client persisting namespace `u1` into `storage` (no throttle, a 1 s restore bound). */
export function session(storage: PersistStorage, options: Partial<IndexedDBPersisterOptions> = {}) {
  const onError = vi.fn()
  const client = newClient()
  const persister = createIndexedDBPersister({
    namespace: 'u1',
    throttleMs: 0,
    restoreTimeoutMs: 1_000,
    storage,
    onError,
    ...options,
  })
  const connection = persistQueryCache(client, persister)
  running.push(connection)
  return { client, persister, connection, onError }
}

/** The record keys stored (not the snapshot, its changes or the invalidation log). */
export const storedKeys = async (storage: PersistStorage) =>
  (await storage.getAll('u1'))
    .map(([key]) => key)
    .filter((key) => key >= '\u0002')
    .sort()
