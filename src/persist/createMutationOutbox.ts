// Write-behind: durable mutations are recorded on disk before they are sent, wait while offline, survive
// reloads, and are sent by one tab at a time (a Web Lock), in order per scope, each with its idempotency key.
import { onlineManager } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import { attachOutboxHook, durableDefinitionOf, newIdempotencyKey } from '../mutationOutboxHook'
import type { AppliedLayer, DurableDefinition, DurableRun } from '../mutationOutboxHook'
import { registerOutbox } from '../openOutboxes'
import { PersistError } from './PersistError'
import type { QueryPersister } from './QueryPersister'
import { internalsOf } from './internal/persisterInternals'
import { refuseOptions as refuse, unsent } from './outbox/OutboxError'
import { createOutboxLayers } from './outbox/outboxLayers'
import { openOutboxChannel, relaySent } from './outbox/outboxMessages'
import type { OutboxMessage } from './outbox/outboxMessages'
import { MAX_RECORD_SIZE, byAge, queueOf } from './outbox/outboxRecord'
import type { OutboxRecord } from './outbox/outboxRecord'
import { addOutbox, defaultOutboxStorage, storeIdOf } from './outbox/outboxRegistry'
import { createOutboxStore } from './outbox/outboxStore'
import { createSender } from './outbox/outboxSender'
import type { Live } from './outbox/outboxSender'
import { serialDrain } from './outbox/serialDrain'
import type { MutationOutbox, MutationOutboxOptions, OutboxSnapshot, OutboxStats } from './outbox/MutationOutbox'

export type {
  MutationOutbox,
  MutationOutboxOptions,
  OutboxEntry,
  OutboxSnapshot,
  OutboxStats,
} from './outbox/MutationOutbox'

/**
 * Records each `durable` mutation of `client` in the persister's storage before it is sent, and sends the
 * records in order, from one tab, when online. See the README's "Writes" section.
 * @example
 * const outbox = createMutationOutbox(queryClient, persister, { mutations: [useRenameProject] })
 */
export function createMutationOutbox(
  client: QueryClient,
  persister: QueryPersister,
  options: MutationOutboxOptions,
): MutationOutbox {
  const { maxRecordSize = MAX_RECORD_SIZE } = options
  const definitions = new Map<string, DurableDefinition>()
  for (const hook of options.mutations) {
    const definition = durableDefinitionOf(hook)
    if (!definition) throw refuse(process.env.NODE_ENV !== 'production' && 'every mutation must be durable')
    definitions.set(definition.name, definition)
  }
  const names = new Set(definitions.keys())
  const storeId = storeIdOf(persister)
  const storage = options.storage ?? defaultOutboxStorage(persister)
  const store = createOutboxStore(storage, persister.namespace, internalsOf(persister).restoreTimeoutMs, maxRecordSize)
  const stats: OutboxStats = { droppedRecords: 0, droppedMessages: 0, sent: 0, retried: 0, lastError: undefined }
  const report = (error: unknown): void => {
    const persistError = error instanceof PersistError ? error : new PersistError('storage', String(error))
    stats.lastError = persistError
    options.onError?.(persistError)
  }

  let records = new Map<string, OutboxRecord>()
  /** This tab's own calls, waiting for their record to be sent (by this tab or another). */
  const live = new Map<string, Live>()
  /** Replays by their mutation's `meta` object. */
  const replays = new WeakMap<object, OutboxRecord>()
  const layers = createOutboxLayers(client, definitions)
  const listeners = new Set<() => void>()
  let snapshot: OutboxSnapshot = { pending: [], failed: [], replaying: false }
  let replaying = false
  let stopped = false
  let lastCreatedAt = 0
  const droppedKeys = new Set<unknown>()

  const notify = (): void => {
    const sorted = [...records.values()].sort(byAge)
    snapshot = {
      pending: sorted.filter((record) => record.status === 'pending'),
      failed: sorted.filter((record) => record.status === 'failed'),
      replaying,
    }
    for (const listener of [...listeners]) listener()
  }
  const channel = openOutboxChannel(() => stats.droppedMessages++)
  const post = (message: OutboxMessage): void => channel?.post(message)
  const changed = (): void => {
    notify()
    post({ type: 'changed', store: storeId })
  }

  const sender = createSender({
    store,
    records,
    timing: options,
    onChange: changed,
    onSent: (record, data) => {
      stats.sent++
      relaySent(post, storeId, record.id, data)
    },
    onFailed: (record, message, status) =>
      post({ type: 'settled', store: storeId, id: record.id, ok: false, message, status }),
    onRetry: () => stats.retried++,
    report,
  })

  // Reads storage: the truth every tab shares. Layers follow the records this tab does not send itself.
  const refresh = async (): Promise<Array<OutboxRecord>> => {
    // Counted once per stored key: a record kept on disk (an unknown name) is met again on every read.
    const list = await store.readAll(names, (_why, key) => {
      if (droppedKeys.has(key)) return
      droppedKeys.add(key)
      stats.droppedRecords++
    })
    const next = new Map(list.map((record) => [record.id, record]))
    for (const id of records.keys()) if (!next.has(id)) layers.drop(id, true)
    for (const record of list) {
      if (record.status === 'failed') layers.drop(record.id, false)
      else if (!live.has(record.id) && !sender.sending.has(record.id)) layers.apply(record)
    }
    records = next
    sender.records = records
    notify()
    return list
  }

  // The outbox orders and waits for the network itself: TanStack must neither pause a replay nor queue it
  // behind a scope set by `setMutationDefaults` (a live call of that scope may be waiting on this replay).
  const runReplay = (record: OutboxRecord): Promise<unknown> => {
    const meta = {}
    replays.set(meta, record)
    const replay = definitions.get(record.name)!.options({ meta, scope: undefined, networkMode: 'always' })
    return client
      .getMutationCache()
      .build(client, replay as never)
      .execute(record.input as never)
  }

  // One pass over the stored queue: oldest first; a queue whose head failed waits for retry or discard.
  const pass = async (): Promise<void> => {
    if (stopped || !onlineManager.isOnline()) return
    const generation = sender.generation
    const list = await refresh()
    const blocked = new Set<string>()
    replaying = true
    notify()
    try {
      for (const record of list.sort(byAge)) {
        const queue = queueOf(record)
        if (generation !== sender.generation || stopped || !onlineManager.isOnline()) return
        if (blocked.has(queue)) continue
        if (record.status === 'failed' || !records.has(record.id)) {
          if (record.status === 'failed') blocked.add(queue)
          continue
        }
        const own = live.get(record.id)
        try {
          if (own)
            await sender
              .sendLive(record, own, definitions.get(record.name)!, client)
              .finally(() => live.delete(record.id))
          else await runReplay(record)
        } catch {
          blocked.add(queue)
        }
      }
    } finally {
      replaying = false
      notify()
    }
  }

  const drain = serialDrain(`react-query-toolkit:outbox:${storeId}`, pass, report, () => stopped)
  const wipe = (code: 'cleared' | 'stopped'): void => {
    sender.abort()
    for (const [id, own] of live) own.reject(unsent(code, id))
    live.clear()
    layers.dropAll()
    records = new Map()
    sender.records = records
    notify()
  }

  const forget = async (id: string): Promise<void> => {
    const record = records.get(id)
    live.get(id)?.reject(unsent('discarded', id))
    live.delete(id)
    layers.drop(id, false)
    records.delete(id)
    await store.remove(id).catch(report)
    post({ type: 'discarded', store: storeId, id })
    if (record) changed()
  }

  const detach = attachOutboxHook(client, {
    begin: async ({ name, input, scope, meta }): Promise<DurableRun> => {
      const replayed = typeof meta === 'object' && meta !== null ? replays.get(meta) : undefined
      if (replayed) {
        const layer: AppliedLayer | undefined = layers.take(replayed.id)
        return {
          idempotencyKey: replayed.idempotencyKey,
          layer,
          send: (fn) => sender.deliver(replayed, fn),
          cancel: async () => {},
        }
      }
      await ready
      if (!definitions.has(name)) {
        throw refuse(process.env.NODE_ENV !== 'production' && `mutation ${name} is durable but not in its mutations`)
      }
      const createdAt = (lastCreatedAt = Math.max(Date.now(), lastCreatedAt + 1))
      const record: OutboxRecord = {
        id: newIdempotencyKey(),
        name,
        input: input === undefined ? null : input,
        idempotencyKey: newIdempotencyKey(),
        createdAt,
        scope: scope ?? null,
        attempts: 0,
        status: 'pending',
      }
      const own = sender.liveEntry(input)
      live.set(record.id, own)
      try {
        await store.put(record)
      } catch (error) {
        live.delete(record.id)
        throw error
      }
      records.set(record.id, record)
      changed()
      void drain()
      return {
        idempotencyKey: record.idempotencyKey,
        send: (fn) => {
          own.fn = fn
          return own.promise
        },
        cancel: () => forget(record.id),
      }
    },
  })

  const unsubscribeChannel = channel?.subscribe((message) => {
    if (message.store !== storeId) return
    // The logging-out tab clears storage too; clearing here as well reaches a storage it does not know.
    if (message.type === 'cleared') {
      wipe('cleared')
      return void store.clear().catch(report)
    }
    if (message.type === 'settled' || message.type === 'discarded') return sender.settleRelayed(live, message)
    void refresh()
      .then(() => drain())
      .catch(report)
  })
  const unsubscribeOnline = onlineManager.subscribe((online) => {
    if (online) void drain()
  })
  const removeOpen = addOutbox(persister, { wipe: () => wipe('cleared'), clear: () => store.clear() })
  const subscribe = (listener: () => void): (() => void) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  }
  const depth = () => ({ pending: snapshot.pending.length, failed: snapshot.failed.length })
  const unregister = registerOutbox({ client, depth, subscribe })

  const ready: Promise<void> = refresh().then(() => undefined, report)
  void ready.then(() => drain())

  return {
    ready,
    getSnapshot: () => snapshot,
    subscribe,
    retry: async (id) => {
      const record = records.get(id)
      if (!record || record.status !== 'failed') return
      const again: OutboxRecord = { ...record, status: 'pending', error: undefined }
      if (!(await store.update(again).catch(report))) return
      records.set(id, again)
      changed()
      await drain()
    },
    discard: (id) => forget(id),
    replay: drain,
    stats: () => ({ ...stats }),
    stop: () => {
      if (stopped) return
      stopped = true
      wipe('stopped')
      detach()
      unsubscribeChannel?.()
      channel?.close()
      unsubscribeOnline()
      unregister()
      removeOpen()
    },
  }
}
