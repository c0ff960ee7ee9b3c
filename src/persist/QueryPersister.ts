// What an app holds of a persister: `createIndexedDBPersister` builds one, on whatever `PersistStorage`
// it is given; `persistQueryCache`, `PersistedCacheProvider` and `clearPersistedCache` consume it.
import type { PersistError } from './PersistError'
import { persisterInternals } from './internal/persisterInternals'
import type { PersisterInternals } from './internal/persisterInternals'
import type { PersistedRecord } from './internal/record'

export type { PersistedRecord }

export interface PersisterStats {
  /** `'memory'` once the storage proved missing or unusable: nothing is persisted. `'indexeddb'` means persisting (to whatever storage it was given). */
  mode: 'indexeddb' | 'memory'
  /** Records of the namespace known to this tab. */
  records: number
  /** Their size (UTF-16 length). */
  bytes: number
  /** Write batches dropped after a failure (a failed transaction, quota exceeded for every record of it). */
  droppedBatches: number
  /** Records dropped because they did not fit the quota even after evicting older ones (the rest of their batch is written). */
  droppedRecords: number
  lastError: PersistError | undefined
}

/** A persister as `persistQueryCache` uses it; `createIndexedDBPersister` builds one. */
export interface QueryPersister {
  readonly namespace: string
  readonly buster: string
  readonly maxAge: number
  stats: () => PersisterStats
  /** @internal what `persistQueryCache` uses; not part of the API. */
  readonly [persisterInternals]: PersisterInternals
}
