// Mutation-key factories: the same schema and key values as createQueryKeys, marked so that mergeQueryKeys can
// put a query factory and a mutation factory of one name under that name.
import { buildFactory } from './createQueryKeys'
import type { QueryKeysOptions, VersionedScope } from './createQueryKeys'
import type { KeySchema, QueryKeyFactory } from './keySchema'

/** Marks a factory as holding mutation keys (types only; at runtime a symbol-named flag). */
export const mutationKeysMark: unique symbol = Symbol.for('react-query-toolkit.mutationKeys')

export type MutationKeyFactory<TScope extends ReadonlyArray<unknown>, TSchema extends KeySchema> = QueryKeyFactory<
  TScope,
  TSchema
> & { readonly [mutationKeysMark]: true }

/**
 * Creates a typed mutation-key factory, for `mutationKey` (TanStack's `useIsMutating`, `useMutationState`,
 * `setMutationDefaults` match by its prefix). Takes the schema `createQueryKeys` takes, also spelled with
 * `mutationKey`, `mutationFn` and `contextMutations`.
 * @example
 * const projectMutations = createMutationKeys('projects', { create: null, rename: (id: string) => [id] })
 * projectMutations.rename('p1') // ['projects', 'rename', 'p1']
 */
/** A factory holding only its scope, for keys built elsewhere under it (query-key-factory's `createQueryKeys(name)`). */
export function createMutationKeys<const TName extends string>(
  name: TName,
): MutationKeyFactory<readonly [TName], Record<never, never>>
export function createMutationKeys<
  const TName extends string,
  const TSchema extends KeySchema,
  const TVersion extends number | undefined = undefined,
>(
  name: TName,
  schema: TSchema,
  options?: QueryKeysOptions & { version?: TVersion },
): MutationKeyFactory<VersionedScope<TName, TVersion>, TSchema>
export function createMutationKeys(name: string, schema?: KeySchema, options?: QueryKeysOptions): unknown {
  const factory = buildFactory(name, schema, options?.version, 'createMutationKeys')
  return Object.freeze(Object.defineProperty(factory, mutationKeysMark, { value: true }))
}
