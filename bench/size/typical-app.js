// What a typical app imports from the client entries: keys, definitions, hooks, mutations, tiers,
// persistence through the provider, and the live stream hook; no metrics, no warming, no devtools.
export { createQueryKeys, createQueryHooks, defineMutation, defineQueries, defineTiers, hours, invalidateTags } from '../../dist/index.js'
export { PersistedCacheProvider, clearPersistedCache, createIndexedDBPersister } from '../../dist/persist.js'
export { useInvalidationStream, useStreamStatus } from '../../dist/live.js'
