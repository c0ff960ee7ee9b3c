// Typed query-key factories: one per repository, each key a readonly tuple with literal types,
// prefixed by the factory's scope so a prefix invalidation reaches a whole family of keys.
import { buildSchema } from './buildKeys'
import { QueryKeyError } from './errors'
import type { KeySchema, QueryKeyFactory } from './keySchema'

export type {
  BuiltKey,
  EntryKey,
  KeyBuilder,
  KeyFunction,
  KeyParts,
  KeySchema,
  KeySchemaEntry,
  KeyWithFunction,
  MutationKeyDefinition,
  ParentKeyDefinition,
  QueryKeyDefinition,
  QueryKeyFactory,
} from './keySchema'

export interface QueryKeysOptions<TVersion extends number = number> {
  /**
   * Schema version of the cached data. It becomes part of the scope (`['users', { v: 2 }]`), so raising it
   * makes every entry of the old shape, in memory and on disk, unreachable.
   * @default none (the scope is `[name]`)
   * @example createQueryKeys('users', schema, { version: 2 })
   */
  version?: TVersion
}

export type VersionedScope<TName extends string, TVersion> = [TVersion] extends [number]
  ? readonly [TName, { readonly v: TVersion }]
  : readonly [TName]

/** Builds the factory object; shared with createMutationKeys. */
export function buildFactory(name: unknown, schema: unknown, version: unknown, label: string): Record<string, unknown> {
  if (typeof name !== 'string' || name.length === 0) {
    throw new QueryKeyError(
      'invalid-schema',
      process.env.NODE_ENV !== 'production' ? `${label} needs a non-empty scope name` : 'invalid-schema',
    )
  }
  const scope = Object.freeze(version === undefined ? [name] : [name, Object.freeze({ v: version })])
  const factory: Record<string, unknown> = { scope }
  buildSchema(factory, schema ?? {}, () => scope, 0, false, name)
  return factory
}

/**
 * Creates a typed key factory. Entries: `null` or a tuple (a fixed key), a key function, or a parent with
 * children at any depth (`{ key, children }`, or query-key-factory's `{ queryKey, queryFn, contextQueries }`).
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
/** A factory holding only its scope, for keys built elsewhere under it (query-key-factory's `createQueryKeys(name)`). */
export function createQueryKeys<const TName extends string>(
  name: TName,
): QueryKeyFactory<readonly [TName], Record<never, never>>
export function createQueryKeys<
  const TName extends string,
  const TSchema extends KeySchema,
  const TVersion extends number | undefined = undefined,
>(
  name: TName,
  schema: TSchema,
  options?: QueryKeysOptions & { version?: TVersion },
): QueryKeyFactory<VersionedScope<TName, TVersion>, TSchema>
export function createQueryKeys(name: string, schema?: KeySchema, options?: QueryKeysOptions): unknown {
  return Object.freeze(buildFactory(name, schema, options?.version, 'createQueryKeys'))
}
