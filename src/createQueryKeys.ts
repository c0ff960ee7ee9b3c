// Typed query-key factories: one per repository, each key a readonly tuple with literal types,
// prefixed by the factory's scope so a prefix invalidation reaches a whole family of keys.
import { assertKeyParts } from './assertKeyParts'
import { QueryKeyError } from './errors'

/** A key function: returns the key parts that follow `[scope, name]`. */
export type KeyFunction = (...args: Array<never>) => readonly [] | readonly [unknown, ...Array<unknown>]

/** A key with child keys nested under it: `detail: { key: (id: string) => [id], children: { members: null } }`. */
export interface ParentKeyDefinition<TKey extends KeyFunction = KeyFunction, TChildren extends KeySchema = KeySchema> {
  key: TKey
  children: TChildren
}

export type KeySchemaEntry = null | KeyFunction | ParentKeyDefinition

export type KeySchema = { readonly [name: string]: KeySchemaEntry }

export interface QueryKeysOptions<TVersion extends number = number> {
  /**
   * Schema version of the cached data. It becomes part of the scope (`['users', { v: 2 }]`), so raising it
   * makes every entry of the old shape, in memory and on disk, unreachable.
   * @example createQueryKeys('users', schema, { version: 2 })
   */
  version?: TVersion
}

export type VersionedScope<TName extends string, TVersion> = [TVersion] extends [number]
  ? readonly [TName, { readonly v: TVersion }]
  : readonly [TName]

type Parameters_<TFunction> = TFunction extends (...args: infer TArgs) => unknown ? TArgs : never
type Return_<TFunction> = TFunction extends (...args: Array<never>) => infer TResult ? TResult : never

/** Builds keys under `TPrefix` from the key function's arguments; `.scope` is the shared prefix. */
export type KeyBuilder<
  TPrefix extends ReadonlyArray<unknown>,
  TArgs extends Array<unknown>,
  TParts extends ReadonlyArray<unknown>,
> = {
  (...args: TArgs): readonly [...TPrefix, ...TParts]
  readonly scope: TPrefix
}

type ChildBuilders<
  TParentKey extends ReadonlyArray<unknown>,
  TParentArgs extends Array<unknown>,
  TChildren extends KeySchema,
> = {
  readonly [TName in keyof TChildren & string]: TChildren[TName] extends null
    ? (...args: TParentArgs) => readonly [...TParentKey, TName]
    : TChildren[TName] extends KeyFunction
      ? (
          ...args: [...TParentArgs, ...Parameters_<TChildren[TName]>]
        ) => readonly [...TParentKey, TName, ...Return_<TChildren[TName]>]
      : never
}

export type BuiltKey<TPrefix extends ReadonlyArray<unknown>, TName extends string, TEntry> = TEntry extends null
  ? readonly [...TPrefix, TName]
  : TEntry extends ParentKeyDefinition<infer TKey, infer TChildren>
    ? KeyBuilder<readonly [...TPrefix, TName], Parameters_<TKey>, Return_<TKey>> &
        ChildBuilders<readonly [...TPrefix, TName, ...Return_<TKey>], Parameters_<TKey>, TChildren>
    : TEntry extends KeyFunction
      ? KeyBuilder<readonly [...TPrefix, TName], Parameters_<TEntry>, Return_<TEntry>>
      : never

export type QueryKeyFactory<TScope extends ReadonlyArray<unknown>, TSchema extends KeySchema> = {
  readonly [TName in keyof TSchema & string]: BuiltKey<TScope, TName, TSchema[TName]>
} & {
  /** Prefix of every key of this factory. */
  readonly scope: TScope
}

/**
 * Creates a typed key factory.
 * @example
 * const projectKeys = createQueryKeys('projects', {
 *   all: null,                                   // projectKeys.all             -> ['projects', 'all']
 *   list: (orgId: string) => [orgId],            // projectKeys.list('o1')      -> ['projects', 'list', 'o1']
 *   detail: {
 *     key: (id: string) => [id],                 // projectKeys.detail('p1')    -> ['projects', 'detail', 'p1']
 *     children: { members: null },               // projectKeys.detail.members('p1') -> ['projects', 'detail', 'p1', 'members']
 *   },
 * })
 */
export function createQueryKeys<
  const TName extends string,
  const TSchema extends KeySchema,
  const TVersion extends number | undefined = undefined,
>(
  name: TName,
  schema: TSchema,
  options?: QueryKeysOptions & { version?: TVersion },
): QueryKeyFactory<VersionedScope<TName, TVersion>, TSchema> {
  if (process.env.NODE_ENV !== 'production' && (typeof name !== 'string' || name.length === 0)) {
    throw new QueryKeyError('invalid-schema', 'createQueryKeys needs a non-empty scope name')
  }
  const version = options?.version
  const scope = Object.freeze(version === undefined ? [name] : [name, Object.freeze({ v: version })])
  const factory: Record<string, unknown> = { scope }
  for (const [entryName, entry] of Object.entries(schema)) {
    if (process.env.NODE_ENV !== 'production' && entryName === 'scope') {
      throw new QueryKeyError('invalid-schema', `${name}: "scope" is reserved and cannot name a key`)
    }
    factory[entryName] = buildEntry(scope, entryName, entry, name)
  }
  return Object.freeze(factory) as never
}

function buildEntry(prefix: ReadonlyArray<unknown>, name: string, entry: KeySchemaEntry, label: string): unknown {
  const entryPrefix = Object.freeze([...prefix, name])
  if (entry === null) return entryPrefix
  if (typeof entry === 'function') return keyBuilder(entryPrefix, entry, `${label}.${name}`)
  const builder = keyBuilder(entryPrefix, entry.key, `${label}.${name}`) as unknown as Record<string, unknown>
  const parentArity = entry.key.length
  for (const [childName, child] of Object.entries(entry.children)) {
    if (process.env.NODE_ENV !== 'production' && childName === 'scope') {
      throw new QueryKeyError('invalid-schema', `${label}.${name}: "scope" is reserved and cannot name a key`)
    }
    builder[childName] = childBuilder(builder as never, parentArity, childName, child, `${label}.${name}.${childName}`)
  }
  return Object.freeze(builder)
}

function keyBuilder(prefix: ReadonlyArray<unknown>, keyFunction: KeyFunction, label: string) {
  const build = (...args: Array<never>) => {
    if (process.env.NODE_ENV !== 'production') assertKeyParts(args, label)
    return Object.freeze([...prefix, ...keyFunction(...args)])
  }
  // The rest parameter hides the arity; generated hooks read `length` to tell key arguments from overrides.
  return Object.assign(withArity(build, keyFunction.length), { scope: prefix })
}

function withArity<TFunction extends (...args: Array<never>) => unknown>(fn: TFunction, arity: number): TFunction {
  return Object.defineProperty(fn, 'length', { value: arity })
}

function childBuilder(
  parent: (...args: Array<unknown>) => ReadonlyArray<unknown>,
  parentArity: number,
  name: string,
  entry: KeySchemaEntry,
  label: string,
) {
  if (process.env.NODE_ENV !== 'production' && entry !== null && typeof entry !== 'function') {
    throw new QueryKeyError('invalid-schema', `${label}: children nest one level deep`)
  }
  const child = entry as KeyFunction | null
  const build = (...args: Array<never>) => {
    const parentKey = parent(...args.slice(0, parentArity))
    if (child === null) return Object.freeze([...parentKey, name])
    const childArgs = args.slice(parentArity)
    if (process.env.NODE_ENV !== 'production') assertKeyParts(childArgs, label)
    return Object.freeze([...parentKey, name, ...child(...childArgs)])
  }
  return withArity(build, parentArity + (child === null ? 0 : child.length))
}
