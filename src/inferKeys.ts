// Helper types that read key types out of a factory or a merged store, and type `useQuery` options built from a
// definition or a query-key-factory style entry. Types only.
import type { DefaultError, QueryKey, UseQueryOptions } from '@tanstack/react-query'

/** The key a builder call yields: the key itself, or the `queryKey`/`mutationKey` of `{ queryKey, queryFn }`. */
type KeyOfYield<TYield> = TYield extends QueryKey
  ? TYield
  : TYield extends { queryKey: infer TKey extends QueryKey }
    ? TKey
    : TYield extends { mutationKey: infer TKey extends QueryKey }
      ? TKey
      : never

type ScopeOf<TScope> = TScope extends (...args: Array<never>) => infer TPrefix ? TPrefix : TScope

/** Properties of a built entry that are not child entries. */
type OwnProperty = 'scope' | 'queryKey' | 'queryFn' | 'mutationKey' | 'mutationFn'

type EntryKeys<TEntry> = TEntry extends QueryKey
  ? TEntry
  : (TEntry extends (...args: Array<never>) => infer TYield
      ? { readonly queryKey: KeyOfYield<TYield> }
      : TEntry extends { queryKey: infer TKey }
        ? { readonly queryKey: TKey }
        : TEntry extends { mutationKey: infer TKey }
          ? { readonly queryKey: TKey }
          : unknown) &
      (TEntry extends { scope: infer TScope } ? { readonly scope: ScopeOf<TScope> } : unknown) & {
        readonly [TName in Exclude<keyof TEntry, OwnProperty | symbol>]: EntryKeys<TEntry[TName]>
      }

/**
 * The key types of a factory, entry by entry: a fixed entry is its key; a builder is `{ queryKey, scope }`
 * (the key it builds, the prefix of its keys) with its children beside them.
 * @example type ProjectKey = inferQueryKeys<typeof projectKeys>['detail']['queryKey'] // readonly ['projects', 'detail', string]
 */
export type inferQueryKeys<TFactory> = EntryKeys<TFactory>

/** `inferQueryKeys` of every factory of a `mergeQueryKeys` store. */
export type inferQueryKeyStore<TStore> = { readonly [TName in keyof TStore]: inferQueryKeys<TStore[TName]> }

type UnionOf<TEntry> = TEntry extends QueryKey
  ? TEntry
  : | (TEntry extends (...args: Array<never>) => infer TYield ? KeyOfYield<TYield> : never)
    | (TEntry extends { queryKey: infer TKey extends QueryKey } ? TKey : never)
    | (TEntry extends { mutationKey: infer TKey extends QueryKey } ? TKey : never)
    | (TEntry extends { scope: infer TScope } ? ScopeOf<TScope> : never)
    | { [TName in Exclude<keyof TEntry, OwnProperty | symbol>]: UnionOf<TEntry[TName]> }[Exclude<
        keyof TEntry,
        OwnProperty | symbol
      >]

/**
 * Every key and every scope a factory, a merged store (or an object or tuple of them) can build, as one union.
 * @example type ProjectKey = inferKeyUnion<typeof projectKeys> // readonly ['projects'] | readonly ['projects', 'list', string] | …
 */
export type inferKeyUnion<TKeys> = UnionOf<TKeys>

type Options = { queryKey: QueryKey; queryFn?: unknown }
type OptionsOf<TSource> = TSource extends (...args: Array<never>) => infer TOptions ? TOptions : TSource
type DataOf<TOptions> = TOptions extends { queryFn?: infer TFn }
  ? TFn extends (...args: Array<never>) => infer TResult
    ? Awaited<TResult>
    : unknown
  : unknown

/**
 * `UseQueryOptions` typed by what an options object (or a function returning one) holds: a `defineQueries`
 * definition, or a query-key-factory style `{ queryKey, queryFn }` entry. `TSelected` is `select`'s result.
 * @example function useProject(id: string, options?: Partial<TypedUseQueryOptions<typeof projectQueries.detail>>)
 */
export type TypedUseQueryOptions<
  TSource extends Options | ((...args: Array<never>) => Options),
  TSelected = DataOf<OptionsOf<TSource>>,
> = UseQueryOptions<DataOf<OptionsOf<TSource>>, DefaultError, TSelected, OptionsOf<TSource>['queryKey']>
