// Mutations that declare what they invalidate, with optimistic writes that roll back exactly.
import { useMutation } from '@tanstack/react-query'
import type {
  DefaultError,
  MutationFunctionContext,
  QueryClient,
  QueryKey,
  UseMutationOptions,
  UseMutationResult,
} from '@tanstack/react-query'
import { invalidateTargets } from './internal/invalidateTargets'
import { dropLayer, pushLayer, settleLayer } from './internal/optimisticLayers'

/** What a mutation invalidates: a key (and every key it prefixes), an exact key, or a tag. */
export type InvalidationTarget = QueryKey | { key: QueryKey; exact: true } | { tag: string }

export interface OptimisticUpdate<TInput, TCached> {
  /** The query written before the server answers. */
  key: (input: TInput) => QueryKey
  /** The data to show meanwhile; `current` is undefined when nothing is cached. */
  update: (current: TCached | undefined, input: TInput) => TCached
}

export interface MutationDefinition<TData, TInput, TCached> {
  mutationFn: (input: TInput) => Promise<TData>
  /**
   * Invalidated when the mutation settles (after success or failure; `data` is undefined on failure).
   * @example invalidates: (project, input) => [projectKeys.list(input.orgId), { tag: 'project:' + input.id }]
   */
  invalidates?:
    | ReadonlyArray<InvalidationTarget>
    | ((data: TData | undefined, input: TInput) => ReadonlyArray<InvalidationTarget>)
  /**
   * Writes the expected result at once: cancels fetches of the key, snapshots it, writes; a failure
   * restores the snapshot; settling invalidates the key too.
   */
  optimistic?: OptimisticUpdate<TInput, TCached>
  /**
   * Called when computing or applying `invalidates` throws; the mutation still settles.
   * @default logs the error with console.error
   */
  onInvalidateError?: (error: unknown, input: TInput) => void
  mutationKey?: ReadonlyArray<unknown>
}

export interface OptimisticContext {
  key: QueryKey
  layer: number
}

export type MutationOverrides<TData, TInput> = Omit<
  UseMutationOptions<TData, DefaultError, TInput, OptimisticContext | undefined>,
  'mutationFn'
>

export type MutationHook<TData, TInput> = (
  overrides?: MutationOverrides<TData, TInput>,
) => UseMutationResult<TData, DefaultError, TInput, OptimisticContext | undefined>

/**
 * Defines a mutation and returns its hook.
 * @example
 * export const useCreateProject = defineMutation({
 *   mutationFn: (input: NewProject) => projectRepository.create(input),
 *   invalidates: (project, input) => [projectKeys.list(input.orgId)],
 *   optimistic: { key: (input) => projectKeys.list(input.orgId), update: (list = [], input) => [...list, { ...input, id: 'optimistic' }] },
 * })
 */
export function defineMutation<TData, TInput, TCached = unknown>(
  definition: MutationDefinition<TData, TInput, TCached>,
): MutationHook<TData, TInput> {
  const options = mutationOptionsOf(definition)
  return (overrides) => useMutation({ ...overrides, ...chain(options, overrides) })
}

function mutationOptionsOf<TData, TInput, TCached>(definition: MutationDefinition<TData, TInput, TCached>) {
  const { mutationFn, invalidates, optimistic, mutationKey } = definition
  const reportInvalidateError =
    definition.onInvalidateError ??
    ((error: unknown) => console.error('[react-query-toolkit] a mutation could not invalidate', error))

  const targetsOf = (data: TData | undefined, input: TInput): ReadonlyArray<InvalidationTarget> => {
    try {
      return typeof invalidates === 'function' ? invalidates(data, input) : (invalidates ?? [])
    } catch (error) {
      reportInvalidateError(error, input)
      return []
    }
  }

  const invalidate = (client: QueryClient, batches: ReadonlyArray<Settled<TInput>>) => {
    const targets = batches.flatMap((batch) => batch.targets)
    applyTargets(client, targets).catch((error: unknown) => reportInvalidateError(error, batches[batches.length - 1]!.input))
  }

  return {
    mutationFn,
    ...(mutationKey && { mutationKey }),
    onMutate: async (input: TInput, context: MutationFunctionContext): Promise<OptimisticContext | undefined> => {
      if (!optimistic) return undefined
      const key = optimistic.key(input)
      await context.client.cancelQueries({ queryKey: key, exact: true })
      const layer = pushLayer(context.client, key, (current) => optimistic.update(current as TCached | undefined, input))
      return { key, layer }
    },
    onError: (_error: DefaultError, _input: TInput, result: OptimisticContext | undefined, context: MutationFunctionContext) => {
      if (result) dropLayer(context.client, result.key, result.layer)
    },
    onSettled: (
      data: TData | undefined,
      _error: DefaultError | null,
      input: TInput,
      result: OptimisticContext | undefined,
      context: MutationFunctionContext,
    ) => {
      const { client } = context
      const targets = targetsOf(data, input)
      if (!result) return invalidate(client, [{ targets, input }])
      // Every mutation of the key, and the key itself, invalidated in one pass once the last settles, so
      // a query they all reach is refetched once.
      const released = settleLayer(client, result.key, result.layer, {
        targets: [...targets, { key: result.key, exact: true as const }],
        input,
      })
      if (released) invalidate(client, released)
    },
  }
}

interface Settled<TInput> {
  targets: ReadonlyArray<InvalidationTarget>
  input: TInput
}

type Callbacks = Pick<MutationOverrides<never, never>, 'onMutate' | 'onError' | 'onSettled'>

/** Runs the definition's callbacks, then the caller's, keeping the definition's onMutate result. */
function chain<TData, TInput>(
  own: ReturnType<typeof mutationOptionsOf<TData, TInput, unknown>>,
  overrides: MutationOverrides<TData, TInput> | undefined,
) {
  return {
    mutationFn: own.mutationFn,
    ...(own.mutationKey && { mutationKey: own.mutationKey }),
    onMutate: async (input: TInput, context: MutationFunctionContext) => {
      const result = await own.onMutate(input, context)
      await overrides?.onMutate?.(input, context)
      return result
    },
    onError: async (error: DefaultError, input: TInput, result: OptimisticContext | undefined, context: MutationFunctionContext) => {
      own.onError(error, input, result, context)
      await overrides?.onError?.(error, input, result, context)
    },
    onSettled: async (
      data: TData | undefined,
      error: DefaultError | null,
      input: TInput,
      result: OptimisticContext | undefined,
      context: MutationFunctionContext,
    ) => {
      own.onSettled(data, error, input, result, context)
      await overrides?.onSettled?.(data, error, input, result, context)
    },
  } satisfies Callbacks & { mutationFn: unknown }
}

/** Invalidates every query reached by a key, an exact key or a tag, each query once. */
async function applyTargets(client: QueryClient, targets: ReadonlyArray<InvalidationTarget>): Promise<void> {
  const prefixes: Array<QueryKey> = []
  const exactKeys: Array<QueryKey> = []
  const tags: Array<string> = []
  for (const target of targets) {
    if (Array.isArray(target)) prefixes.push(target)
    else if ('tag' in target) tags.push(target.tag)
    else exactKeys.push((target as { key: QueryKey }).key)
  }
  return invalidateTargets(client, { prefixes, exactKeys, tags }, { source: 'mutation', refetch: 'active', cancelRefetch: true })
}
