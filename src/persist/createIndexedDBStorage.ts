// The default storage: IndexedDB, one object store `queries`, a string key per record
// (`<namespace length>:<namespace>:<key>`, so a namespace is one key range). Opened on first use,
// closed when another tab upgrades the database, reopened on next use.
import { promisifyRequest } from 'idb-keyval'
import type { PersistStorage } from './PersistStorage'
import { openStore } from './internal/openStore'
import type { QueriesStore } from './internal/openStore'
import { readRange } from './internal/readRange'
import { namespaceRange, recordKey } from './internal/record'
import { transact } from './internal/transact'

// From this many keys on, and when they are a quarter of the namespace or more, an update reads the
// namespace once instead of one get per key (the first save of a big cache).
const BULK_KEYS = 64

/**
 * The IndexedDB `PersistStorage` that `createIndexedDBPersister` uses by default. Touches no browser
 * global until first used.
 * @example
 * const storage = createIndexedDBStorage('my-app-cache')
 */
export function createIndexedDBStorage(dbName = 'react-query-toolkit'): PersistStorage {
  let connection: QueriesStore | undefined
  const store = (): QueriesStore => (connection ??= openStore(dbName, 'queries'))

  return {
    open: () => store().use('readonly', () => undefined),

    getAll: async (namespace, below) => {
      const prefix = recordKey(namespace, '').length
      const range =
        below === undefined
          ? namespaceRange(namespace)
          : IDBKeyRange.bound(recordKey(namespace, ''), recordKey(namespace, below), false, true)
      const { keys, values } = await store().use('readonly', (objectStore) => readRange(objectStore, range))
      return keys.map((key, i) => [String(key).slice(prefix), values[i]])
    },

    count: (namespace) =>
      store().use('readonly', (objectStore) => promisifyRequest(objectStore.count(namespaceRange(namespace)))),

    get: (namespace, keys) =>
      store().use('readonly', async (objectStore) => {
        const values = await Promise.all(
          keys.map((key) => promisifyRequest(objectStore.get(recordKey(namespace, key)))),
        )
        return new Map(keys.flatMap((key, i) => (values[i] === undefined ? [] : [[key, values[i]]])))
      }),

    update: (namespace, keys, change) =>
      transact(store().use, (objectStore, fail) => {
        const stored = new Map<string, unknown>()
        const range = namespaceRange(namespace)
        const prefix = recordKey(namespace, '').length
        const apply = (): void => {
          try {
            const { put, delete: gone } = change(stored)
            for (const key of gone) objectStore.delete(recordKey(namespace, key))
            for (const [key, value] of put) objectStore.put(value, recordKey(namespace, key))
          } catch (error) {
            fail(error)
          }
        }
        const one = (): void => {
          let pending = keys.length
          if (pending === 0) return apply()
          for (const key of keys) {
            const request = objectStore.get(recordKey(namespace, key))
            request.onsuccess = () => {
              if (request.result !== undefined) stored.set(key, request.result)
              if (--pending === 0) apply()
            }
          }
        }
        if (keys.length < BULK_KEYS) return one()
        const count = objectStore.count(range)
        count.onsuccess = () => {
          if (keys.length * 4 < count.result) return one()
          const all = objectStore.getAllKeys(range)
          const values = objectStore.getAll(range)
          values.onsuccess = () => {
            all.result.forEach((key, i) => stored.set(String(key).slice(prefix), values.result[i]))
            apply()
          }
        }
      }),

    clear: (namespace) => transact(store().use, (objectStore) => objectStore.delete(namespaceRange(namespace))),

    // A pending open closes itself when it completes; the next use opens a new connection.
    close: () => {
      connection?.close()
      connection = undefined
    },
  }
}
