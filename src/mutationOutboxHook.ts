// The seam between `defineMutation` (core) and the mutation outbox (`/persist`): a durable definition
// describes itself here, and an outbox attaches itself to a QueryClient here. Neither imports the other,
// so the core stays free of storage code and `/persist` reaches definitions only through this file.
import type { MutationFunctionContext, QueryClient, QueryKey } from '@tanstack/react-query'
import { ToolkitError } from './errors'
import type { CoreErrorCode } from './errors'

/** An optimistic layer a mutation runs with (see `internal/optimisticLayers`). */
export interface AppliedLayer {
  key: QueryKey
  layer: number
}

/** One durable run: recorded before it is sent, then sent by the outbox. */
export interface DurableRun {
  readonly idempotencyKey: string
  /** The layer the outbox applied already (a record restored after a reload), so none is pushed again. */
  readonly layer?: AppliedLayer | undefined
  /** Hands the send to the outbox, which decides when (online, in order) and which tab sends it. */
  send: (send: (idempotencyKey: string) => Promise<unknown>) => Promise<unknown>
  /** The run failed before it was sent (its own `onMutate` threw): forget the record. */
  cancel: () => Promise<void>
}

export interface DurableCall {
  name: string
  input: unknown
  /** The TanStack `scope.id` the call runs with, if any. */
  scope: string | undefined
  /** The mutation's `meta`: a replay is recognised by it. */
  meta: unknown
}

/** What an outbox attaches to the QueryClient whose durable mutations it records. */
export interface MutationOutboxHook {
  /** Writes the record (or recognises a replay); rejects with a `PersistError` when it cannot be written. */
  begin: (call: DurableCall) => Promise<DurableRun>
}

/** What a durable definition tells the outbox about itself. */
export interface DurableDefinition {
  name: string
  mutationFn: (input: never, context: MutationFunctionContext & { idempotencyKey: string }) => Promise<unknown>
  optimistic?: { key: (input: never) => QueryKey; update: (current: never, input: never) => unknown } | undefined
  /** The definition's TanStack options (`useX.options`). */
  options: (overrides?: object) => object
}

const hooks = new WeakMap<QueryClient, MutationOutboxHook>()
const definitions = new WeakMap<object, DurableDefinition>()

/** Attaches an outbox to `client`; the returned function detaches it. */
export function attachOutboxHook(client: QueryClient, hook: MutationOutboxHook): () => void {
  hooks.set(client, hook)
  return () => {
    if (hooks.get(client) === hook) hooks.delete(client)
  }
}

export const outboxHookOf = (client: QueryClient): MutationOutboxHook | undefined => hooks.get(client)

export function describeDurable(hook: object, definition: DurableDefinition): void {
  definitions.set(hook, definition)
}

/** The durable definition behind a mutation hook, or undefined for a hook that is not durable. */
export const durableDefinitionOf = (hook: unknown): DurableDefinition | undefined =>
  typeof hook === 'function' ? definitions.get(hook) : undefined

/** A fresh idempotency key: a random UUID where the platform has one. */
export function newIdempotencyKey(): string {
  const crypto = globalThis.crypto as Crypto | undefined
  // randomUUID needs a secure context; plain http pages get a random key of the same purpose.
  const random = () => Math.random().toString(36).slice(2)
  return crypto?.randomUUID ? crypto.randomUUID() : `${Date.now().toString(36)}-${random()}-${random()}`
}

/**
 * Whether a definition is durable; throws `ToolkitError('invalid-options')` for a durable one that is also
 * sensitive (its input would reach disk) or has no name (records are stored by name).
 */
export function assertDurability(definition: { durable?: boolean; sensitive?: boolean; name?: unknown }): boolean {
  const { durable, sensitive, name } = definition
  if (durable !== true) return false
  if (sensitive || typeof name !== 'string' || name.length === 0) {
    // The sentences are development-only; production keeps the code and which rule was broken.
    const detail =
      process.env.NODE_ENV !== 'production' &&
      (sensitive
        ? `mutation ${String(name)}: a sensitive mutation cannot be durable (its input would be stored on disk)`
        : 'a durable mutation needs a name (its records are stored by name)')
    throw new ToolkitError<CoreErrorCode>(
      'invalid-options',
      detail || (sensitive ? 'durable sensitive' : 'durable name'),
    )
  }
  return true
}
