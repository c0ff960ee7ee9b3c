// Generated hooks for a set of query definitions: `use<Name>` and `useSuspense<Name>`, taking the key
// arguments plus optional overrides.
import { useQuery, useSuspenseQuery } from '@tanstack/react-query'
import type {
  DefaultError,
  QueryKey,
  UseQueryOptions,
  UseQueryResult,
  UseSuspenseQueryOptions,
  UseSuspenseQueryResult,
} from '@tanstack/react-query'
import { arityOf } from './factoryArity'
import type { DefinedQueryOptions, QueryOptionsFactory } from './defineQueries'

type Managed = 'queryKey' | 'queryFn'

/** Options a hook call may override: `select`, `enabled`, `refetchInterval`, … */
export type QueryOverrides<TData, TKey extends QueryKey, TSelected = TData> = Omit<
  UseQueryOptions<TData, DefaultError, TSelected, TKey>,
  Managed
>

export type SuspenseQueryOverrides<TData, TKey extends QueryKey, TSelected = TData> = Omit<
  UseSuspenseQueryOptions<TData, DefaultError, TSelected, TKey>,
  Managed
>

type Factory = QueryOptionsFactory<Array<never>, unknown, QueryKey>

type ArgsOf<TFactory> = TFactory extends QueryOptionsFactory<infer TArgs, infer _TData, infer _TKey> ? TArgs : never
type DataOf<TFactory> = TFactory extends QueryOptionsFactory<infer _TArgs, infer TData, infer _TKey> ? TData : never
type KeyOf<TFactory> = TFactory extends QueryOptionsFactory<infer _TArgs, infer _TData, infer TKey> ? TKey : never

export type QueryHook<TFactory> = <TSelected = DataOf<TFactory>>(
  ...args: [...ArgsOf<TFactory>, overrides?: QueryOverrides<DataOf<TFactory>, KeyOf<TFactory>, TSelected>]
) => UseQueryResult<TSelected, DefaultError>

export type SuspenseQueryHook<TFactory> = <TSelected = DataOf<TFactory>>(
  ...args: [...ArgsOf<TFactory>, overrides?: SuspenseQueryOverrides<DataOf<TFactory>, KeyOf<TFactory>, TSelected>]
) => UseSuspenseQueryResult<TSelected, DefaultError>

export type QueryHooks<TQueries> = {
  readonly [TName in keyof TQueries & string as `use${Capitalize<TName>}`]: QueryHook<TQueries[TName]>
} & {
  readonly [TName in keyof TQueries & string as `useSuspense${Capitalize<TName>}`]: SuspenseQueryHook<TQueries[TName]>
}

/**
 * @example
 * export const { useList: useProjects, useSuspenseDetail: useProject } = createQueryHooks(projectQueries)
 * const { data } = useProjects('o1', { select: (projects) => projects.length })
 */
export function createQueryHooks<TQueries extends object>(queries: TQueries): QueryHooks<TQueries> {
  const hooks: Record<string, unknown> = {}
  for (const [name, factory] of Object.entries(queries as Record<string, Factory>)) {
    const suffix = name.charAt(0).toUpperCase() + name.slice(1)
    const split = (args: Array<unknown>) => {
      const arity = arityOf(factory)
      const options = (factory as (...a: Array<unknown>) => DefinedQueryOptions<unknown, QueryKey>)(
        ...args.slice(0, arity),
      )
      const overrides = args[arity] as { meta?: Record<string, unknown> } | undefined
      if (!overrides) return options
      // Overrides win (staleTime, select, …) except for what the definition owns: the key, the query
      // function, and the tier fields of `meta` that persistence and metrics read.
      return {
        ...options,
        ...overrides,
        queryKey: options.queryKey,
        queryFn: options.queryFn,
        meta: { ...overrides.meta, ...options.meta },
      }
    }
    // Named functions, so the rules of hooks (and React's devtools) see each generated hook as a hook.
    hooks[`use${suffix}`] = function useDefinedQuery(...args: Array<unknown>) {
      return useQuery(split(args) as UseQueryOptions)
    }
    hooks[`useSuspense${suffix}`] = function useDefinedSuspenseQuery(...args: Array<unknown>) {
      return useSuspenseQuery(split(args) as UseSuspenseQueryOptions)
    }
  }
  return Object.freeze(hooks) as QueryHooks<TQueries>
}
