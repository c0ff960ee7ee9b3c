// Groups key factories by scope name, for apps that want one object holding every key.
import { QueryKeyError } from './errors'

interface AnyFactory {
  readonly scope: readonly [string, ...Array<unknown>]
}

/** One property per factory, named after its scope. Flat mapping, so 60+ factories stay cheap to type. */
export type MergedQueryKeys<TFactories extends ReadonlyArray<AnyFactory>> = {
  readonly [TFactory in TFactories[number] as TFactory['scope'][0]]: TFactory
}

/**
 * @example
 * export const keys = mergeQueryKeys(projectKeys, userKeys)
 * keys.projects.list('o1')
 */
export function mergeQueryKeys<const TFactories extends ReadonlyArray<AnyFactory>>(
  ...factories: TFactories
): MergedQueryKeys<TFactories> {
  const merged: Record<string, AnyFactory> = {}
  for (const factory of factories) {
    const name = factory.scope[0]
    if (process.env.NODE_ENV !== 'production' && name in merged) {
      throw new QueryKeyError('invalid-schema', `two key factories share the scope "${name}"`)
    }
    merged[name] = factory
  }
  return Object.freeze(merged) as never
}
