// The storage side of persistence, as narrow as a store can be: opaque string values by key, grouped
// in namespaces. No policy lives here (expiry, busters, validation, eviction): the persister does that
// on top of any storage, and treats whatever a storage returns as untrusted.

/** What `update` writes: `delete` is applied first, then `put`, all in one atomic step. */
export interface StorageChanges {
  put: Array<[key: string, value: string]>
  delete: Array<string>
}

/**
 * A store `createIndexedDBPersister({ storage })` persists into. `createIndexedDBStorage()` is the default,
 * `createMemoryStorage()` keeps records for the page's life (tests, SSR). Keys are unique within their
 * namespace; namespaces never see each other's keys. A method may reject: the persister counts the
 * failure and carries on in memory, it never throws into the app.
 * @example
 * const map = new Map<string, string>()
 * const at = (namespace: string, key: string) => `${namespace.length}:${namespace}:${key}`
 * const storage: PersistStorage = {
 *   getAll: async (namespace) =>
 *     [...map].filter(([k]) => k.startsWith(at(namespace, ''))).map(([k, v]) => [k.slice(at(namespace, '').length), v]),
 *   update: async (namespace, keys, change) => {
 *     const { put, delete: gone } = change(new Map(keys.filter((k) => map.has(at(namespace, k))).map((k) => [k, map.get(at(namespace, k))])))
 *     for (const k of gone) map.delete(at(namespace, k))
 *     for (const [k, v] of put) map.set(at(namespace, k), v)
 *   },
 *   clear: async (namespace) => { for (const k of [...map.keys()]) if (k.startsWith(at(namespace, ''))) map.delete(k) },
 * }
 */
export interface PersistStorage {
  /**
   * Resolves once the store is usable, rejects when it is not (no IndexedDB, a blocked open): the persister
   * then goes memory-only. Called once, before any other method.
   * @default undefined (always usable)
   */
  open?: () => Promise<void>
  /**
   * Every `[key, value]` of the namespace; with `below`, only keys that sort before it (the persister's
   * snapshot and changes, so a restore skips the per-record values). A storage may ignore `below`.
   */
  getAll: (namespace: string, below?: string) => Promise<Array<[key: string, value: unknown]>>
  /**
   * How many keys the namespace holds: a restore from the persister's snapshot checks with it that the
   * snapshot and its marks account for every record stored (else it reads every record).
   * @default undefined (the snapshot is trusted as it is)
   */
  count?: (namespace: string) => Promise<number>
  /**
   * The values of `keys` (a key that is absent is left out), read without writing: what `restore: 'lazy'`
   * reads a query's record with. Without it the persister reads through `update`, changing nothing.
   * @default undefined
   */
  get?: (namespace: string, keys: Array<string>) => Promise<ReadonlyMap<string, unknown>>
  /**
   * Reads the current values of `keys` (a key that is absent is left out of the map), calls `change` with
   * them once, and applies what it returns, all atomically: no other writer comes in between (IndexedDB:
   * one readwrite transaction). Rejects, having applied nothing, with an error named `'QuotaExceededError'`
   * when the values do not fit: the persister evicts older records and tries again.
   */
  update: (
    namespace: string,
    keys: Array<string>,
    change: (stored: ReadonlyMap<string, unknown>) => StorageChanges,
  ) => Promise<void>
  /** Deletes every key of the namespace. */
  clear: (namespace: string) => Promise<void>
  /**
   * Lets go of connections; the persister calls it when it goes memory-only. A later `clear` (a logout)
   * must still work.
   * @default undefined
   */
  close?: () => void
}
