// (A helper of defineQueries and createQueryHooks, kept out of internal/, which holds the invalidation engine.)
// How many key arguments an options factory takes, so a generated hook can tell them from its
// trailing overrides object (key arguments may be objects too).

export const arityProperty = Symbol.for('react-query-toolkit.arity')

export function arityOf(factory: object): number {
  return (factory as { [arityProperty]?: number })[arityProperty] ?? 0
}
