// Size baseline: TanStack's own persistence stitched onto IndexedDB, the set-up the toolkit's persist
// entry replaces (one blob for the whole cache, through an async storage adapter over idb-keyval).
export * from '@tanstack/query-persist-client-core'
export { createAsyncStoragePersister } from '@tanstack/query-async-storage-persister'
export { del, get, set } from 'idb-keyval'
