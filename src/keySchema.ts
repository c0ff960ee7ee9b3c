// The types of a key factory's schema and of what it builds. Types only: the runtime is in buildKeys.ts.
// An entry is spelled ours (`{ key, children }`) or query-key-factory's (`{ queryKey, queryFn, contextQueries }`,
// `{ mutationKey, mutationFn, contextMutations }`); both build the same key values.

/** The parts a key function (or a fixed tuple) adds after `[scope, name]`. */
export type KeyParts = readonly [] | readonly [unknown, ...Array<unknown>]

/** A key and the function that reads (or writes) it, as a query-key-factory entry returns them. */
export type KeyWithFunction =
  | { readonly queryKey: KeyParts; readonly queryFn?: unknown }
  | { readonly mutationKey: KeyParts; readonly mutationFn?: unknown }

/** A key function: returns the key parts that follow `[scope, name]`, or them beside a `queryFn`. */
export type KeyFunction = (...args: Array<never>) => KeyParts | KeyWithFunction

/** What an entry's key is: fixed (`null`, a tuple) or built from arguments. */
export type EntryKey = null | KeyParts | KeyFunction

/** A key with child keys nested under it: `detail: { key: (id: string) => [id], children: { members: null } }`. */
export interface ParentKeyDefinition<TKey extends EntryKey = EntryKey, TChildren extends KeySchema = KeySchema> {
  key: TKey
  children?: TChildren
}

/** query-key-factory's object entry: `{ queryKey: [id], queryFn, contextQueries: { … } }`. */
export interface QueryKeyDefinition<TKey extends EntryKey = EntryKey, TChildren extends KeySchema = KeySchema> {
  queryKey: TKey
  queryFn?: unknown
  contextQueries?: TChildren
}

/** query-key-factory's mutation entry: `{ mutationKey: [id], mutationFn, contextMutations: { … } }`. */
export interface MutationKeyDefinition<TKey extends EntryKey = EntryKey, TChildren extends KeySchema = KeySchema> {
  mutationKey: TKey
  mutationFn?: unknown
  contextMutations?: TChildren
}

export type KeySchemaEntry = EntryKey | ParentKeyDefinition | QueryKeyDefinition | MutationKeyDefinition

export type KeySchema = { readonly [name: string]: KeySchemaEntry }

/** Builds keys under `TPrefix` from the key function's arguments; `.scope` is the shared prefix. */
export type KeyBuilder<
  TPrefix extends ReadonlyArray<unknown>,
  TArgs extends Array<unknown>,
  TParts extends ReadonlyArray<unknown>,
> = {
  (...args: TArgs): readonly [...TPrefix, ...TParts]
  readonly scope: TPrefix
}

type KeyOfEntry<TEntry> = TEntry extends { key: infer TKey }
  ? TKey
  : TEntry extends { queryKey: infer TKey }
    ? TKey
    : TEntry extends { mutationKey: infer TKey }
      ? TKey
      : TEntry

type ChildrenOf<TEntry> = TEntry extends { children: infer TChildren extends KeySchema }
  ? TChildren
  : TEntry extends { contextQueries: infer TChildren extends KeySchema }
    ? TChildren
    : TEntry extends { contextMutations: infer TChildren extends KeySchema }
      ? TChildren
      : never

type ArgsOf<TKey> = TKey extends (...args: infer TArgs) => unknown ? TArgs : []
type ResultOf<TKey> = TKey extends (...args: Array<never>) => infer TResult ? TResult : TKey
type PartsOf<TResult> = TResult extends { queryKey: infer TParts extends ReadonlyArray<unknown> }
  ? TParts
  : TResult extends { mutationKey: infer TParts extends ReadonlyArray<unknown> }
    ? TParts
    : TResult extends ReadonlyArray<unknown>
      ? TResult
      : readonly []

/** The function that travels beside the key: from the entry, or from what its key function returns. */
type FunctionOf<TEntry, TResult> = TEntry extends { queryFn: infer TFn }
  ? { readonly queryFn: TFn }
  : TEntry extends { mutationFn: infer TFn }
    ? { readonly mutationFn: TFn }
    : TResult extends { queryFn: infer TFn }
      ? { readonly queryFn: TFn }
      : TResult extends { mutationFn: infer TFn }
        ? { readonly mutationFn: TFn }
        : never

type KeyNameOf<TEntry, TResult> = TEntry extends { mutationKey: unknown }
  ? 'mutationKey'
  : TResult extends { mutationKey: unknown }
    ? 'mutationKey'
    : 'queryKey'

/** What calling a builder (or reading a fixed entry) yields: the key, or `{ queryKey, queryFn }`. */
type Yield<TKeyName extends string, TKey, TFunction> = [TFunction] extends [never]
  ? TKey
  : { readonly [TName in TKeyName]: TKey } & TFunction

type Children<
  TPrefix extends ReadonlyArray<unknown>,
  TArgs extends Array<unknown>,
  TDynamic extends boolean,
  TChildren,
> = [TChildren] extends [never]
  ? unknown
  : { readonly [TName in keyof TChildren & string]: Built<TPrefix, TArgs, TDynamic, TName, TChildren[TName]> }

// The common entries first (a key function returning a tuple, a fixed `null`), each in one conditional: the
// general path below evaluates a dozen conditionals per entry, which an app of many factories pays on every
// builder it calls (see the typecheck benchmark).
type Built<
  TPrefix extends ReadonlyArray<unknown>,
  TPrefixArgs extends Array<unknown>,
  TDynamic extends boolean,
  TName extends string,
  TEntry,
> = TEntry extends ((...args: infer TArgs) => infer TParts extends KeyParts)
  ? {
      (...args: [...TPrefixArgs, ...TArgs]): readonly [...TPrefix, TName, ...TParts]
      readonly scope: ScopeType<TPrefix, TPrefixArgs, TName>
    }
  : TEntry extends null
    ? TDynamic extends true
      ? {
          (...args: TPrefixArgs): readonly [...TPrefix, TName]
          readonly scope: ScopeType<TPrefix, TPrefixArgs, TName>
        }
      : readonly [...TPrefix, TName]
    : TEntry extends {
          key: (...args: infer TArgs) => infer TParts extends KeyParts
          children: infer TChildren extends KeySchema
        }
      ? {
          (...args: [...TPrefixArgs, ...TArgs]): readonly [...TPrefix, TName, ...TParts]
          readonly scope: ScopeType<TPrefix, TPrefixArgs, TName>
        } & Children<readonly [...TPrefix, TName, ...TParts], [...TPrefixArgs, ...TArgs], true, TChildren>
      : GeneralBuilt<TPrefix, TPrefixArgs, TDynamic, TName, TEntry>

type ScopeType<
  TPrefix extends ReadonlyArray<unknown>,
  TPrefixArgs extends Array<unknown>,
  TName extends string,
> = TPrefixArgs extends [] ? readonly [...TPrefix, TName] : (...args: TPrefixArgs) => readonly [...TPrefix, TName]

type GeneralBuilt<
  TPrefix extends ReadonlyArray<unknown>,
  TPrefixArgs extends Array<unknown>,
  TDynamic extends boolean,
  TName extends string,
  TEntry,
  TKey = KeyOfEntry<TEntry>,
  TResult = ResultOf<TKey>,
  TFull extends ReadonlyArray<unknown> = readonly [...TPrefix, TName, ...PartsOf<TResult>],
  TOut = Yield<KeyNameOf<TEntry, TResult>, TFull, FunctionOf<TEntry, TResult>>,
> = TDynamic extends true
  ? DynamicBuilt<TPrefix, TPrefixArgs, TName, TEntry, TKey, TFull, TOut>
  : TKey extends (...args: Array<never>) => unknown
    ? DynamicBuilt<TPrefix, TPrefixArgs, TName, TEntry, TKey, TFull, TOut>
    : [ChildrenOf<TEntry>] extends [never]
      ? TOut
      : { readonly scope: readonly [...TPrefix, TName] } & ([FunctionOf<TEntry, TResult>] extends [never]
          ? { readonly [TKeyName in KeyNameOf<TEntry, TResult>]: TFull }
          : TOut) &
          Children<TFull, [], false, ChildrenOf<TEntry>>

type DynamicBuilt<
  TPrefix extends ReadonlyArray<unknown>,
  TPrefixArgs extends Array<unknown>,
  TName extends string,
  TEntry,
  TKey,
  TFull extends ReadonlyArray<unknown>,
  TOut,
> = ((...args: [...TPrefixArgs, ...ArgsOf<TKey>]) => TOut) & {
  /** The prefix of every key of this entry; under a parent with arguments, a function of them. */
  readonly scope: TPrefixArgs extends []
    ? readonly [...TPrefix, TName]
    : (...args: TPrefixArgs) => readonly [...TPrefix, TName]
} & Children<TFull, [...TPrefixArgs, ...ArgsOf<TKey>], true, ChildrenOf<TEntry>>

/** What a factory holds for one entry of its schema, under the factory's `TPrefix`. */
export type BuiltKey<TPrefix extends ReadonlyArray<unknown>, TName extends string, TEntry> = Built<
  TPrefix,
  [],
  false,
  TName,
  TEntry
>

export type QueryKeyFactory<TScope extends ReadonlyArray<unknown>, TSchema extends KeySchema> = {
  readonly [TName in keyof TSchema & string]: BuiltKey<TScope, TName, TSchema[TName]>
} & {
  /** Prefix of every key of this factory. */
  readonly scope: TScope
}
