// A storage in a Map: records last as long as the page. For tests, SSR and apps that want the
// persister's policy (namespaces, logout) without a disk.
import type { PersistStorage } from './PersistStorage'

/**
 * A `PersistStorage` in memory, for tests and server rendering.
 * @example
 * const persister = createIndexedDBPersister({ namespace: user.id, storage: createMemoryStorage() })
 */
export function createMemoryStorage(): PersistStorage {
  const namespaces = new Map<string, Map<string, string>>()
  const of = (namespace: string): Map<string, string> => {
    let rows = namespaces.get(namespace)
    if (!rows) namespaces.set(namespace, (rows = new Map()))
    return rows
  }
  return {
    getAll: async (namespace, below) => [...of(namespace)].filter(([key]) => below === undefined || key < below),
    count: async (namespace) => of(namespace).size,
    update: async (namespace, keys, change) => {
      const rows = of(namespace)
      const stored = new Map<string, unknown>()
      for (const key of keys) if (rows.has(key)) stored.set(key, rows.get(key))
      // Computed before anything is applied: a change that throws leaves the store as it was.
      const { put, delete: gone } = change(stored)
      for (const key of gone) rows.delete(key)
      for (const [key, value] of put) rows.set(key, value)
    },
    clear: async (namespace) => void namespaces.delete(namespace),
  }
}
