// Mutations that declare what they invalidate, with optimistic writes that roll back exactly.
import { useMutation } from '@tanstack/react-query'
import type { DefaultError, QueryClient, QueryKey, UseMutationOptions, UseMutationResult } from '@tanstack/react-query'
import { invalidateLocally } from './invalidateKeys'
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
    ReadonlyArray<InvalidationTarget> | ((data: TData | undefined, input: TInput) => ReadonlyArray<InvalidationTarget>)
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
  const { mutationFn, invalidates, optimistic, mutationKey, onInvalidateError = logInvalidateError } = definition

  const invalidate = (client: QueryClient, settled: ReadonlyArray<Settled<TInput>>) => {
    const targets: Array<InvalidationTarget> = []
    for (const { data, input, key } of settled) {
      if (key) targets.push({ key, exact: true })
      try {
        targets.push(
          ...(typeof invalidates === 'function' ? invalidates(data as TData | undefined, input) : (invalidates ?? [])),
        )
      } catch (error) {
        onInvalidateError(error, input)
      }
    }
    applyTargets(client, targets).catch((error: unknown) =>
      onInvalidateError(error, settled[settled.length - 1]!.input),
    )
  }

  return (overrides) =>
    useMutation({
      ...overrides,
      mutationFn,
      ...(mutationKey && { mutationKey }),
      onMutate: async (input, context) => {
        let result: OptimisticContext | undefined
        if (optimistic) {
          const key = optimistic.key(input)
          await context.client.cancelQueries({ queryKey: key, exact: true })
          result = {
            key,
            layer: pushLayer(context.client, key, (current) =>
              optimistic.update(current as TCached | undefined, input),
            ),
          }
        }
        await overrides?.onMutate?.(input, context)
        return result
      },
      onError: (error, input, result, context) => {
        if (result) dropLayer(context.client, result.key, result.layer)
        return overrides?.onError?.(error, input, result, context)
      },
      onSettled: (data, error, input, result, context) => {
        const { client } = context
        // Mutations of one optimistic key, and the key itself, are invalidated in one pass once the
        // last of them settles, so a query they all reach is refetched once.
        const released = result
          ? settleLayer(client, result.key, result.layer, { data, input, key: result.key })
          : [{ data, input }]
        if (released) invalidate(client, released)
        return overrides?.onSettled?.(data, error, input, result, context)
      },
    })
}

interface Settled<TInput> {
  data: unknown
  input: TInput
  key?: QueryKey
}

function logInvalidateError(error: unknown): void {
  console.error('[react-query-toolkit] a mutation could not invalidate', error)
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
  return invalidateLocally(
    client,
    { prefixes, exactKeys, tags },
    { source: 'mutation', refetch: 'active', cancelRefetch: true },
  )
}
