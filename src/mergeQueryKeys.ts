// Groups key factories by scope name, for apps that want one object holding every key. A query factory and a
// mutation factory of the same name share that name (as in query-key-factory); two of one kind are a mistake.
import { mutationKeysMark } from './createMutationKeys'
import { QueryKeyError } from './errors'

interface AnyFactory {
  readonly scope: readonly [string, ...Array<unknown>]
}

type Marked = { readonly [mutationKeysMark]: true }
type Named<TFactory, TName> = TFactory extends { readonly scope: readonly [TName, ...Array<unknown>] }
  ? TFactory
  : never

/** One property per scope name: its query factory, with the entries of its mutation factory if there is one. */
export type MergedQueryKeys<TFactories extends ReadonlyArray<AnyFactory>> = {
  readonly [TName in TFactories[number]['scope'][0]]: [Exclude<Named<TFactories[number], TName>, Marked>] extends [
    never,
  ]
    ? Named<TFactories[number], TName>
    : [Extract<Named<TFactories[number], TName>, Marked>] extends [never]
      ? Named<TFactories[number], TName>
      : Exclude<Named<TFactories[number], TName>, Marked> &
          Omit<Extract<Named<TFactories[number], TName>, Marked>, 'scope' | typeof mutationKeysMark>
}

/**
 * @example
 * export const keys = mergeQueryKeys(projectKeys, userKeys, projectMutationKeys)
 * keys.projects.list('o1')
 * keys.projects.rename('p1') // from projectMutationKeys
 */
export function mergeQueryKeys<const TFactories extends ReadonlyArray<AnyFactory>>(
  ...factories: TFactories
): MergedQueryKeys<TFactories> {
  const merged: Record<string, AnyFactory> = {}
  for (const factory of factories) {
    const scope = (factory as Partial<AnyFactory> | null)?.scope
    const name: unknown = Array.isArray(scope) ? scope[0] : undefined
    if (typeof name !== 'string') {
      throw new QueryKeyError(
        'invalid-schema',
        'mergeQueryKeys takes factories from createQueryKeys or createMutationKeys',
      )
    }
    const existing = merged[name]
    if (!existing) {
      merged[name] = factory
      continue
    }
    if (mutationKeysMark in existing === mutationKeysMark in factory) {
      throw new QueryKeyError('invalid-schema', `two key factories share the scope "${name}"`)
    }
    const clash = Object.keys(factory).find((key) => key !== 'scope' && key in existing)
    if (clash !== undefined) {
      throw new QueryKeyError('invalid-schema', `the query and mutation factories "${name}" both name "${clash}"`)
    }
    // The query factory's scope (with its version) stays the scope of the merged name.
    merged[name] = Object.freeze(
      mutationKeysMark in factory ? { ...factory, ...existing } : { ...existing, ...factory },
    )
  }
  return Object.freeze(merged) as never
}
