// What a typical app imports from the client entries: the typical core imports, persistence through the
// provider, and the live stream hooks; no metrics, no warming, no devtools.
export * from './typical-core.js'
export { PersistedCacheProvider, clearPersistedCache, createIndexedDBPersister } from '../../dist/persist.js'
export { useInvalidationStream, useStreamStatus } from '../../dist/live.js'
