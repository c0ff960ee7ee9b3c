// Size comparison: the stitched alternative a team would otherwise assemble for what the toolkit's typical
// use covers, importing what such a team typically uses of each package: a key factory, TanStack's whole-cache
// persistence through an async storage adapter over idb-keyval, the cross-tab cache broadcast, and a fetch-based
// SSE reader. The hooks, definitions, tiers, mutations and the invalidation logic on top of the stream are not
// here: the team writes those itself, so this row is a floor of the stitched set, not its full cost.
export { createQueryKeys, mergeQueryKeys } from '@lukemorales/query-key-factory'
export { persistQueryClient } from '@tanstack/query-persist-client-core'
export { createAsyncStoragePersister } from '@tanstack/query-async-storage-persister'
export { del, get, set } from 'idb-keyval'
export { broadcastQueryClient } from '@tanstack/query-broadcast-client-experimental'
export { fetchEventSource } from '@microsoft/fetch-event-source'
