// One definition per repository read: the key comes from the key factory, the freshness from a tier,
// and the result is a TanStack `queryOptions` object whose key carries the data type.
import { queryOptions } from '@tanstack/react-query'
import type {
  DataTag,
  DefaultError,
  QueryFunctionContext,
  QueryKey,
  SkipToken,
  UseQueryOptions,
} from '@tanstack/react-query'
import { QueryKeyError } from './errors'
import { arityProperty } from './factoryArity'
import { registerChildTier, registerKeyTier, registerPrefixTier } from './internal/tierRegistrations'
import { tagsOption } from './internal/queryTags'
import type { TagSource } from './internal/queryTags'
import { resolveTier, tierMeta } from './tiers'
import type { Tier, TierName } from './tiers'

/** A key factory entry: a key builder function, or a fixed key (`all: null`). */
type KeyEntry = ((...args: Array<never>) => QueryKey) | QueryKey

export type KeyArgs<TEntry> = TEntry extends (...args: infer TArgs) => QueryKey ? TArgs : []
export type KeyOf<TEntry> = TEntry extends (...args: Array<never>) => infer TKey
  ? TKey extends QueryKey
    ? TKey
    : never
  : TEntry extends QueryKey
    ? TEntry
    : never

/**
 * TanStack options a definition may set besides its tier. An interface, not a type alias: a generic
 * `QueryDefinition` then extends one fixed type instead of instantiating `Partial<Pick<…>>` anew for each
 * definition (see the typecheck benchmark).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- empty on purpose: an interface, see above
export interface PassThroughOptions extends Partial<
  Pick<
    UseQueryOptions,
    | 'retry'
    | 'retryDelay'
    | 'retryOnMount'
    | 'networkMode'
    | 'refetchInterval'
    | 'refetchIntervalInBackground'
    | 'refetchOnWindowFocus'
    | 'refetchOnReconnect'
    | 'refetchOnMount'
    | 'structuralSharing'
    | 'throwOnError'
  >
> {}

export interface QueryDefinition<
  TArgs extends Array<unknown>,
  TData,
  TKey extends QueryKey,
> extends PassThroughOptions {
  /**
   * Freshness policy: a built-in or registered tier name, or a tier object from `defineTiers`. The keys
   * this definition can build are registered with it when the definition is created, so data that reaches
   * them without these options (`setQueryData`, a plain `fetchQuery`, `hydrate`) keeps out of storage too.
   * @default 'normal'
   */
  tier?: TierName | Tier
  /**
   * Reads the data. Takes the key factory's arguments, then TanStack's query function context.
   * @example queryFn: (orgId: string, ctx) => projectRepository.findByOrganization(orgId, ctx.signal)
   */
  queryFn: (...args: [...TArgs, QueryFunctionContext<TKey>]) => TData | Promise<TData>
  /**
   * Tags this query provides, static or derived from its data and arguments, so that
   * `invalidateTags(client, ['project:p1'])` reaches it without knowing its key.
   * `data` takes its type from `queryFn`. Annotate it only when the `queryFn` arguments are not annotated
   * either (`queryFn: (orgId) => …`): TypeScript then leaves `data` as `unknown`.
   * @example tags: (projects, orgId) => ['org:' + orgId, ...projects.map((p) => 'project:' + p.id)]
   */
  tags?: ReadonlyArray<string> | ((data: TData, ...args: TArgs) => ReadonlyArray<string>)
}

/**
 * The options a definition yields: what TanStack's `queryOptions` returns (`UseQueryOptions` whose `queryFn` is
 * never `skipToken`, with a `DataTag` on the key). An interface extending `UseQueryOptions`: reading its
 * `queryKey` (a mutation's `writes`) does not resolve every member of an `Omit` of the options, and passing it
 * to `useQuery` is a check against its base type (see the typecheck benchmark).
 */
export interface DefinedQueryOptions<TData, TKey extends QueryKey> extends UseQueryOptions<
  TData,
  DefaultError,
  TData,
  TKey
> {
  queryKey: DataTag<TKey, TData, DefaultError>
  queryFn?: Exclude<UseQueryOptions<TData, DefaultError, TData, TKey>['queryFn'], SkipToken>
}

export type QueryOptionsFactory<TArgs extends Array<unknown>, TData, TKey extends QueryKey> = (
  ...args: TArgs
) => DefinedQueryOptions<TData, TKey>

export type QueryDefinitions<TKeys, TData> = {
  [TName in keyof TData]: TName extends keyof TKeys
    ? QueryDefinition<KeyArgs<TKeys[TName]>, TData[TName], KeyOf<TKeys[TName]>>
    : never
}

export type DefinedQueries<TKeys, TData> = {
  readonly [TName in keyof TData]: TName extends keyof TKeys
    ? QueryOptionsFactory<KeyArgs<TKeys[TName]>, TData[TName], KeyOf<TKeys[TName]>>
    : never
}

/**
 * Defines the reads of one repository over a key factory (or a parent key with children).
 * Each definition's `queryFn` takes exactly the arguments of the key builder of the same name.
 * @example
 * export const projectQueries = defineQueries(projectKeys, {
 *   list: { tier: 'normal', queryFn: (orgId: string, ctx) => projectRepository.findByOrganization(orgId, ctx.signal) },
 *   detail: { tier: 'long', queryFn: (id: string, ctx) => projectRepository.findById(id, ctx.signal) },
 * })
 * useQuery(projectQueries.list('o1'))
 */
export function defineQueries<TKeys extends object, TData>(
  keys: TKeys,
  definitions: QueryDefinitions<TKeys, TData>,
): DefinedQueries<TKeys, TData> {
  const factories: Record<string, unknown> = {}
  for (const [name, definition] of Object.entries(definitions as unknown as Record<string, AnyDefinition>)) {
    const entry = (keys as Record<string, KeyEntry | undefined>)[name]
    if (entry === undefined) {
      throw new QueryKeyError(
        'unknown-key',
        process.env.NODE_ENV !== 'production'
          ? `defineQueries: no key named "${name}" in the key factory`
          : `unknown-key: ${name}`,
      )
    }
    factories[name] = optionsFactory(entry, definition, registerTier(keys, name, entry, definition))
  }
  return Object.freeze(factories) as DefinedQueries<TKeys, TData>
}

type AnyDefinition = QueryDefinition<Array<unknown>, unknown, QueryKey>

const scopeOf = (value: unknown): QueryKey | undefined => {
  const scope = (value as { scope?: unknown } | null | undefined)?.scope
  return Array.isArray(scope) ? scope : undefined
}

/**
 * Registers the tier of every key the entry can build, so a key knows its tier before its query has
 * options (see `internal/keyTiers`). Returns false when only the built keys themselves can be
 * registered (a key function from outside `createQueryKeys`): the factory then registers each call's key.
 */
function registerTier(keys: object, name: string, entry: KeyEntry, definition: AnyDefinition): boolean {
  const tier = resolveTier(definition.tier)
  if (typeof entry !== 'function') {
    registerKeyTier(entry, tier)
    return true
  }
  const own = scopeOf(entry)
  if (own) {
    registerPrefixTier(own, tier)
    return true
  }
  // A child builder of a parent key: its keys start with the parent's scope and hold its name later.
  const parent = typeof keys === 'function' ? scopeOf(keys) : undefined
  if (parent) {
    registerChildTier(parent, name, tier)
    return true
  }
  return false
}

function optionsFactory(entry: KeyEntry, definition: AnyDefinition, registered: boolean) {
  const { tier: tierName, queryFn, tags, ...passThrough } = definition
  const tier = resolveTier(tierName)
  const meta = tierMeta(tier)
  const arity = typeof entry === 'function' ? entry.length : 0
  const factory = (...args: Array<unknown>) => {
    const queryKey = typeof entry === 'function' ? (entry as (...a: Array<unknown>) => QueryKey)(...args) : entry
    if (!registered) registerKeyTier(queryKey, tier)
    const options = queryOptions({
      ...passThrough,
      queryKey,
      queryFn: (context: QueryFunctionContext) => queryFn(...args, context),
      staleTime: tier.staleTime,
      gcTime: tier.gcTime,
      meta,
    })
    if (tags === undefined) return options
    const tagSource: TagSource =
      typeof tags === 'function' ? (data) => (data === undefined ? [] : tags(data, ...args)) : () => tags
    return Object.assign(options, { [tagsOption]: tagSource })
  }
  return Object.assign(factory, { [arityProperty]: arity })
}
