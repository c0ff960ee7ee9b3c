// react-query-toolkit/persist: incremental, per-user IndexedDB persistence of the query cache.
export { createIndexedDBPersister } from './createIndexedDBPersister'
export { persistQueryCache } from './persistQueryCache'
export { clearPersistedCache } from './clearPersistedCache'
export { PersistedCacheProvider } from './PersistedCacheProvider'
export { PersistError, isPersistError } from './PersistError'

export type { IndexedDBPersisterOptions } from './createIndexedDBPersister'
export type {
  PersistedRecord,
  PersisterStats,
  QueryPersister,
  ReadResult,
  RecordDelete,
  RecordWrite,
} from './QueryPersister'
export type { PersistedQueryCache, RestoreReport } from './persistQueryCache'
export type { PersistedCacheProviderProps } from './PersistedCacheProvider'
export type { PersistErrorCode, PersistErrorReason } from './PersistError'
