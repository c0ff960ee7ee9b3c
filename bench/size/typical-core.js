// What a typical app imports from the core entry: keys, definitions, hooks, mutations and tiers.
export {
  createQueryKeys,
  createQueryHooks,
  defineMutation,
  defineQueries,
  defineTiers,
  hours,
  invalidateTags,
} from '../../dist/index.js'
