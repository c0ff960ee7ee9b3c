// react-query-toolkit/persist: incremental, per-user IndexedDB persistence of the query cache.
export { createIndexedDBPersister } from './createIndexedDBPersister'
export { createIndexedDBStorage } from './createIndexedDBStorage'
export { createMemoryStorage } from './createMemoryStorage'
export { persistQueryCache } from './persistQueryCache'
export { clearPersistedCache } from './clearPersistedCache'
export { PersistedCacheProvider } from './PersistedCacheProvider'
export { PersistError, isPersistError } from './PersistError'
export { createMutationOutbox } from './createMutationOutbox'
export { useOutbox } from './useOutbox'
export { OutboxError, isOutboxError } from './outbox/OutboxError'

export type { IndexedDBPersisterOptions } from './createIndexedDBPersister'
export type { PersistedRecord, PersisterStats, QueryPersister } from './QueryPersister'
export type { PersistStorage, StorageChanges } from './PersistStorage'
export type { PersistedQueryCache, RestoreReport } from './persistQueryCache'
export type { PersistedCacheProviderProps } from './PersistedCacheProvider'
export type { PersistErrorCode, PersistErrorReason } from './PersistError'
export type {
  MutationOutbox,
  MutationOutboxOptions,
  OutboxEntry,
  OutboxSnapshot,
  OutboxStats,
} from './createMutationOutbox'
export type { UseOutboxResult } from './useOutbox'
export type { OutboxErrorCode } from './outbox/OutboxError'
