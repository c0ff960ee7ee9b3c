// Mutations that declare what they write and invalidate, with optimistic writes that roll back exactly.
import { useMutation } from '@tanstack/react-query'
import type {
  DefaultError,
  MutationFunctionContext,
  QueryClient,
  QueryKey,
  UseMutationOptions,
  UseMutationResult,
} from '@tanstack/react-query'
import { invalidateTargets, keysOf } from './mutationInvalidation'
import type { InvalidationTarget } from './mutationInvalidation'
import { assertUniqueName } from './mutationName'
import { applyWrites, namedHashes } from './mutationWrites'
import type { CheckedWrites } from './mutationWrites'
import type { CheckedInvalidationTarget, KeyTarget } from './keyTargets'
import { dropLayer, pushLayer, settleLayer } from './internal/optimisticLayers'
import { assertDurability, describeDurable, newIdempotencyKey, outboxHookOf } from './mutationOutboxHook'
import type { DurableRun } from './mutationOutboxHook'

export type { InvalidationTarget } from './mutationInvalidation'

export interface OptimisticUpdate<TInput, TCached> {
  /** The query written before the server answers. */
  key: (input: TInput) => KeyTarget
  /** The data to show meanwhile; `current` is undefined when nothing is cached. */
  update: (current: TCached | undefined, input: TInput) => TCached
}

export interface MutationDefinition<
  TData,
  TInput,
  TCached,
  TWriteKeys extends ReadonlyArray<KeyTarget> = [],
  TDurable extends boolean = boolean,
> {
  /**
   * A stable name, unique among definitions (a duplicate throws `ToolkitError('invalid-options')` in
   * development). Becomes the `mutationKey` (`[name]`) unless `mutationKey` is given. Required when `durable`.
   * @default none
   */
  name?: string
  /**
   * Write-behind: with a mutation outbox on the QueryClient (`createMutationOutbox` from `/persist`),
   * each call is recorded on disk before it is sent, waits while offline, survives reloads and is sent
   * once by one tab, in order. Without an outbox it runs as any mutation. Needs a `name`.
   * @default false
   */
  durable?: TDurable
  /**
   * The input carries secrets: it is never written to disk, so the mutation cannot be `durable`.
   * @default false
   */
  sensitive?: TDurable extends true ? false : boolean
  /**
   * Sends the mutation. The second argument is TanStack's context plus an `idempotencyKey`: the same key
   * on every resend of one durable mutation (send it to the server, which applies a key once); a fresh
   * key per call otherwise.
   */
  mutationFn: (input: TInput, context: MutationFnContext) => Promise<TData>
  /**
   * Write-through: on success, before invalidation, puts each `[key, value or updater]` into the cache with
   * `setQueryData`. A key carrying its data type (a `defineQueries` options' `queryKey`) takes only that type.
   * A written query is left out of the invalidation pass that follows unless `invalidates` names its key.
   * Annotate an updater's parameter (`(list: Array<Project> | undefined) => …`): it is not inferred from the key.
   * @default none
   * @example writes: (project) => [[projectQueries.detail(project.id).queryKey, project]]
   */
  writes?: (data: TData, input: TInput) => CheckedWrites<TWriteKeys>
  /**
   * Invalidated when the mutation settles (after success or failure; `data` is undefined on failure).
   * @example invalidates: (project, input) => [projectKeys.list(input.orgId), { tag: 'project:' + input.id }]
   */
  invalidates?:
    | ReadonlyArray<CheckedInvalidationTarget>
    | ((data: TData | undefined, input: TInput) => ReadonlyArray<CheckedInvalidationTarget>)
  /**
   * Writes the expected result at once: cancels fetches of the key, snapshots it, writes; a failure
   * restores the snapshot; settling invalidates the key too (unless `writes` wrote it).
   */
  optimistic?: OptimisticUpdate<TInput, TCached>
  /**
   * Called when computing or applying `invalidates` throws; the mutation still settles.
   * @default logs the error with console.error
   */
  onInvalidateError?: (error: unknown, input: TInput) => void
  /** @default `[name]` when `name` is given, else none */
  mutationKey?: ReadonlyArray<unknown>
}

/** What `mutationFn` receives in its second argument. */
export type MutationFnContext = MutationFunctionContext & { idempotencyKey: string }

/**
 * `durable` and `sensitive` exclude each other, and a durable mutation needs a `name` (its records are
 * stored by name): both are compile errors (`sensitive: true` beside `durable: true` on the property, a
 * missing name on the call), and `ToolkitError('invalid-options')` at runtime. `defineMutation` infers
 * `durable` and checks a definition against `MutationDefinition` alone, adding `{ name: string }` only to a
 * durable one: a union here would be checked member by member on every call (see the typecheck benchmark).
 */
export type MutationDurability<TDurable extends boolean = boolean> = TDurable extends true
  ? { durable: true; sensitive?: false; name: string }
  : { durable?: false; sensitive?: boolean }

/** What a durable definition adds: its name (records are stored by name); also when `durable` is any boolean. */
type DurableName<TDurable extends boolean> = [TDurable] extends [false] ? unknown : { name: string }

export interface OptimisticContext {
  key: QueryKey
  layer: number
}

export type MutationOverrides<TData, TInput> = Omit<
  UseMutationOptions<TData, DefaultError, TInput, OptimisticContext | undefined>,
  'mutationFn'
>

/** TanStack mutation options: for `useMutation`, or `queryClient.getMutationCache().build(client, options)`. */
export type DefinedMutationOptions<TData, TInput> = UseMutationOptions<
  TData,
  DefaultError,
  TInput,
  OptimisticContext | undefined
> & { mutationFn: (input: TInput, context?: MutationFunctionContext) => Promise<TData> }

export interface MutationHook<TData, TInput> {
  (
    overrides?: MutationOverrides<TData, TInput>,
  ): UseMutationResult<TData, DefaultError, TInput, OptimisticContext | undefined>
  /** The options the hook passes to `useMutation`, so the definition also runs outside React. */
  options: (overrides?: MutationOverrides<TData, TInput>) => DefinedMutationOptions<TData, TInput>
}

/**
 * Defines a mutation and returns its hook.
 * @example
 * export const useCreateProject = defineMutation({
 *   mutationFn: (input: NewProject) => projectRepository.create(input),
 *   invalidates: (project, input) => [projectKeys.list(input.orgId)],
 *   optimistic: { key: (input) => projectKeys.list(input.orgId), update: (list = [], input) => [...list, { ...input, id: 'optimistic' }] },
 * })
 */
export function defineMutation<
  TData,
  TInput,
  TCached = unknown,
  const TWriteKeys extends ReadonlyArray<KeyTarget> = [],
  TDurable extends boolean = false,
>(
  definition: MutationDefinition<TData, TInput, TCached, TWriteKeys, TDurable> & DurableName<TDurable>,
): MutationHook<TData, TInput> {
  const { name, mutationFn, writes, invalidates, optimistic, onInvalidateError = logInvalidateError } = definition
  const durable = assertDurability(definition)
  if (process.env.NODE_ENV !== 'production' && name !== undefined) assertUniqueName(name)
  const mutationKey = definition.mutationKey ?? (name === undefined ? undefined : [name])
  // The queries each run wrote, from its success to its settling (one context object per run).
  const writtenBy = new WeakMap<MutationFunctionContext, Map<string, unknown>>()
  // The durable run of each call an outbox recorded, from `onMutate` to `mutationFn`.
  const runs = new WeakMap<MutationFunctionContext, DurableRun>()

  const invalidate = (client: QueryClient, settled: ReadonlyArray<Settled<TInput>>) => {
    const targets: Array<InvalidationTarget> = []
    const named: Array<InvalidationTarget> = []
    const written = new Map<string, unknown>()
    for (const { data, input, key, writes: wrote } of settled) {
      if (key) targets.push({ key, exact: true })
      wrote?.forEach((value, hash) => written.set(hash, value))
      try {
        const own = typeof invalidates === 'function' ? invalidates(data as TData | undefined, input) : invalidates
        if (own) named.push(...own)
      } catch (error) {
        onInvalidateError(error, input)
      }
    }
    targets.push(...named)
    const onFailure = (error: unknown) => onInvalidateError(error, settled[settled.length - 1]!.input)
    try {
      if (written.size > 0) namedHashes(client, keysOf(named)).forEach((hash) => written.delete(hash))
      invalidateTargets(client, targets, written).catch(onFailure)
    } catch (error) {
      onFailure(error)
    }
  }

  const options = (overrides?: MutationOverrides<TData, TInput>): DefinedMutationOptions<TData, TInput> => ({
    ...overrides,
    // A durable call is sent by the outbox when one is attached; any other call is the definition's own
    // function, which finds its key on the context `onMutate` gave it.
    mutationFn: durable
      ? (input, context) => {
          const run = context && runs.get(context)
          const call = (idempotencyKey: string) => mutationFn(input, { ...context!, idempotencyKey })
          return run ? (run.send(call) as Promise<TData>) : call(keyOf(context))
        }
      : (mutationFn as DefinedMutationOptions<TData, TInput>['mutationFn']),
    ...(mutationKey && { mutationKey }),
    onMutate: async (input, context) => {
      const hook = durable ? outboxHookOf(context.client) : undefined
      // Recorded before anything else: a record that cannot be written fails the mutation at once.
      const run = await hook?.begin({ name: name!, input, scope: overrides?.scope?.id, meta: context.meta })
      if (run) runs.set(context, run)
      // TanStack passes this same object to `mutationFn` (and to its own retries of the call): one key per call.
      Object.assign(context, { idempotencyKey: run?.idempotencyKey ?? newIdempotencyKey() })
      let result: OptimisticContext | undefined = run?.layer
      if (optimistic && !result) {
        const key = optimistic.key(input)
        await context.client.cancelQueries({ queryKey: key, exact: true })
        result = {
          key,
          layer: pushLayer(context.client, key, (current) => optimistic.update(current as TCached | undefined, input)),
        }
      }
      try {
        await overrides?.onMutate?.(input, context)
      } catch (error) {
        await run?.cancel()
        throw error
      }
      return result
    },
    onSuccess: (data, input, result, context) => {
      if (writes) {
        const compute = () => writes(data, input)
        writtenBy.set(
          context,
          applyWrites(context.client, compute, (error) => warnWriteError(error, name)),
        )
      }
      return overrides?.onSuccess?.(data, input, result, context)
    },
    onError: (error, input, result, context) => {
      if (result) dropLayer(context.client, result.key, result.layer)
      return overrides?.onError?.(error, input, result, context)
    },
    onSettled: (data, error, input, result, context) => {
      const { client } = context
      const work: Settled<TInput> = { data, input, writes: writtenBy.get(context) }
      // Mutations of one optimistic key, and the key itself, are invalidated in one pass once the
      // last of them settles, so a query they all reach is refetched once.
      const released = result ? settleLayer(client, result.key, result.layer, { ...work, key: result.key }) : [work]
      if (released) invalidate(client, released)
      return overrides?.onSettled?.(data, error, input, result, context)
    },
  })

  const hook = ((overrides) => useMutation(options(overrides))) as MutationHook<TData, TInput>
  hook.options = options
  if (durable) describeDurable(hook, { name: name!, mutationFn, optimistic, options } as never)
  return hook
}

interface Settled<TInput> {
  data: unknown
  input: TInput
  key?: QueryKey
  writes?: ReadonlyMap<string, unknown> | undefined
}

// A mutation restored by TanStack's `hydrate` skips `onMutate`, so its context may carry no key yet.
const keyOf = (context: MutationFunctionContext | undefined): string =>
  (context as Partial<MutationFnContext> | undefined)?.idempotencyKey ?? newIdempotencyKey()

function logInvalidateError(error: unknown): void {
  console.error('[react-query-toolkit] a mutation could not invalidate', error)
}

// A bad `writes` entry is skipped, never failing the mutation: the server has already accepted it.
function warnWriteError(error: unknown, name: string | undefined): void {
  if (process.env.NODE_ENV === 'production') return
  console.warn(`[react-query-toolkit] mutation ${name ?? '(unnamed)'}: an entry of writes was skipped`, error)
}
