// Sending one record: the attempt is counted on disk first, then sent with the record's idempotency key;
// network errors and 5xx wait (capped, jittered backoff) and try again, any other failure keeps the record
// as failed. A logout (a new generation) stops it between any two steps.
import { onlineManager } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import type { DurableDefinition } from '../../mutationOutboxHook'
import { OutboxError } from './OutboxError'
import { within } from '../internal/within'
import { backoffDelay, isFetchNetworkError, isRetryable, statusOf } from './classifyFailure'
import type { MutationOutboxOptions } from './MutationOutbox'
import type { OutboxMessage } from './outboxMessages'
import type { OutboxRecord } from './outboxRecord'
import type { OutboxStore } from './outboxStore'

/** A call made in this tab, waiting for its record to be sent. */
export interface Live {
  input: unknown
  /** The mutation's own send, once TanStack has called its `mutationFn`. */
  fn?: ((idempotencyKey: string) => Promise<unknown>) | undefined
  promise: Promise<unknown>
  resolve: (data: unknown) => void
  reject: (error: unknown) => void
}

interface SenderOptions {
  store: OutboxStore
  records: Map<string, OutboxRecord>
  /** The outbox options that shape sending; defaults as documented there. */
  timing: Pick<MutationOutboxOptions, 'isNetworkError' | 'retryBaseMs' | 'retryMaxMs' | 'sendTimeoutMs'>
  onChange: () => void
  onSent: (record: OutboxRecord, data: unknown) => void
  onFailed: (record: OutboxRecord, message: string, status: number | undefined) => void
  onRetry: () => void
  report: (error: unknown) => void
}

const NO_ANSWER = new Error('no answer')

export function createSender(options: SenderOptions) {
  const { store, onChange, report } = options
  const { retryBaseMs = 1_000, retryMaxMs = 60_000, sendTimeoutMs = 30_000 } = options.timing
  const isNetworkError = options.timing.isNetworkError ?? isFetchNetworkError
  const wakers = new Set<() => void>()
  // Resolves after `ms`, when online (ms undefined), or at once when the generation moves on.
  const wait = (ms: number | undefined): Promise<void> =>
    new Promise((resolve) => {
      if (ms === undefined && onlineManager.isOnline()) return resolve()
      const done = (): void => {
        clearTimeout(timer)
        unsubscribe()
        wakers.delete(done)
        resolve()
      }
      const timer = ms === undefined ? undefined : setTimeout(done, ms)
      const unsubscribe = ms === undefined ? onlineManager.subscribe((online) => online && done()) : () => {}
      wakers.add(done)
    })

  const sender = {
    generation: 0,
    records: options.records,
    /** Records this tab is sending now: their layers belong to the mutation sending them. */
    sending: new Set<string>(),
    abort: (): void => {
      sender.generation++
      for (const wake of [...wakers]) wake()
    },
    liveEntry: (input: unknown): Live => {
      const entry = { input } as Live
      entry.promise = new Promise((resolve, reject) => {
        entry.resolve = resolve
        entry.reject = reject
      })
      // Nobody may be waiting yet (TanStack calls `mutationFn` later): a rejection is not unhandled.
      entry.promise.catch(() => {})
      return entry
    },

    deliver: async (start: OutboxRecord, send: (idempotencyKey: string) => Promise<unknown>): Promise<unknown> => {
      const generation = sender.generation
      const stopped = () => generation !== sender.generation
      let record = start
      sender.sending.add(start.id)
      try {
        for (let attempt = 1; ; attempt++) {
          await wait(undefined)
          if (stopped())
            throw new OutboxError(
              'cleared',
              process.env.NODE_ENV !== 'production'
                ? 'the outbox was cleared before this mutation was sent'
                : undefined,
            )
          record = { ...record, attempts: record.attempts + 1 }
          // Counted before the send, so a tab that dies mid-send leaves a record that says so.
          const present = await store.update(record).catch((error: unknown) => {
            report(error)
            return true
          })
          if (stopped() || !present) {
            throw new OutboxError(
              stopped() ? 'cleared' : 'discarded',
              process.env.NODE_ENV !== 'production' ? 'the record left the outbox unsent' : undefined,
            )
          }
          sender.records.set(record.id, record)
          try {
            // A server that never answers must not hold the queue (and the lock) forever: past the timeout
            // the send counts as a network failure and is sent again, with the same key.
            const data = await within(send(record.idempotencyKey), sendTimeoutMs, () => NO_ANSWER)
            if (stopped())
              throw new OutboxError(
                'cleared',
                process.env.NODE_ENV !== 'production'
                  ? 'the outbox was cleared while this mutation was sent'
                  : undefined,
              )
            await store.remove(record.id).catch(report)
            sender.records.delete(record.id)
            // The outcome first: a tab waiting on this record hears it before it sees the record gone.
            options.onSent(record, data)
            onChange()
            return data
          } catch (error) {
            if (stopped()) throw error
            if (error !== NO_ANSWER && !isRetryable(error, isNetworkError)) {
              const message = error instanceof Error ? error.message : String(error)
              const failed: OutboxRecord = { ...record, status: 'failed', error: message.slice(0, 4096) }
              if (await store.update(failed).catch(() => false)) sender.records.set(record.id, failed)
              options.onFailed(record, message.slice(0, 4096), statusOf(error))
              onChange()
              throw error
            }
            options.onRetry()
            await wait(backoffDelay(attempt, retryBaseMs, retryMaxMs))
          }
        }
      } finally {
        sender.sending.delete(start.id)
      }
    },

    /** Sends a record of this tab's own call, with its input as given (not as stored). */
    sendLive: async (record: OutboxRecord, own: Live, definition: DurableDefinition, client: QueryClient) => {
      const send = (idempotencyKey: string): Promise<unknown> =>
        own.fn
          ? own.fn(idempotencyKey)
          : definition.mutationFn(own.input as never, {
              client,
              meta: undefined,
              mutationKey: [record.name],
              idempotencyKey,
            })
      try {
        own.resolve(await sender.deliver(record, send))
      } catch (error) {
        own.reject(error)
        throw error
      }
    },

    /** Another tab sent a record of this tab's call: the call settles with that tab's outcome. */
    settleRelayed: (
      live: Map<string, Live>,
      message: Extract<OutboxMessage, { type: 'settled' } | { type: 'discarded' }>,
    ): void => {
      const own = live.get(message.id)
      if (!own) return
      live.delete(message.id)
      if (message.type === 'discarded')
        own.reject(
          new OutboxError(
            'discarded',
            process.env.NODE_ENV !== 'production' ? 'another tab discarded this mutation' : undefined,
          ),
        )
      else if (message.ok) own.resolve(message.data)
      else own.reject(new OutboxError('refused', message.message, { status: message.status }))
    },
  }
  return sender
}
