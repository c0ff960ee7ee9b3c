export { createQueryKeys } from './createQueryKeys'
export { mergeQueryKeys } from './mergeQueryKeys'
export { tiers, defineTiers, resolveTier, DEFAULT_PERSIST_MAX_AGE } from './tiers'
export { seconds, minutes, hours } from './time'
export { defineQueries } from './defineQueries'
export { createQueryHooks } from './createQueryHooks'
export { defineMutation } from './defineMutation'
export { getQueryIndex } from './queryIndex'
export { invalidateKeys } from './invalidateKeys'
export { invalidateTags } from './invalidateTags'
export { warmCache } from './warmCache'
export { syncTabs } from './syncTabs'
export { ToolkitError, isToolkitError, QueryKeyError, isQueryKeyError } from './errors'

export type {
  BuiltKey,
  KeyBuilder,
  KeyFunction,
  KeySchema,
  KeySchemaEntry,
  ParentKeyDefinition,
  QueryKeyFactory,
  QueryKeysOptions,
  VersionedScope,
} from './createQueryKeys'
export type { MergedQueryKeys } from './mergeQueryKeys'
export type { BuiltInTierName, Register, Tier, TierMeta, TierName, TierOptions } from './tiers'
export type {
  DefinedQueries,
  DefinedQueryOptions,
  KeyArgs,
  KeyOf,
  PassThroughOptions,
  QueryDefinition,
  QueryDefinitions,
  QueryOptionsFactory,
} from './defineQueries'
export type {
  QueryHook,
  QueryHooks,
  QueryOverrides,
  SuspenseQueryHook,
  SuspenseQueryOverrides,
} from './createQueryHooks'
export type {
  DefinedMutationOptions,
  MutationDurability,
  MutationFnContext,
  InvalidationTarget,
  MutationDefinition,
  MutationHook,
  MutationOverrides,
  OptimisticContext,
  OptimisticUpdate,
} from './defineMutation'
export type { CheckedWrites, KeyData, MutationWrite, WriteValue } from './mutationWrites'
export type { QueryIndex } from './queryIndex'
export type { InvalidateKeysOptions, InvalidateOptions, InvalidationSource, RefetchScope } from './invalidateKeys'
export type { WarmCacheOptions, WarmCacheReport } from './warmCache'
export type { StopSyncTabs, SyncTabsOptions } from './syncTabs'
export type { RefetchType } from './protocol/types'
export type { CoreErrorCode, QueryKeyErrorCode } from './errors'
