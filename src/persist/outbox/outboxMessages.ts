// What the outboxes of one storage namespace tell each other across tabs. Another tab is a trust boundary:
// every message is size-bounded by the tab channel and checked here; anything else is dropped and counted.
import { MAX_TAB_MESSAGE_SIZE, exceedsSize, openTabChannel } from '../../tabs/tabChannel'
import type { TabChannel } from '../../tabs/tabChannel'
import { OUTBOX_CHANNEL } from './outboxRegistry'

export type OutboxMessage =
  | { type: 'changed'; store: string }
  | { type: 'cleared'; store: string }
  /** A record was discarded: the tab whose live mutation it is rejects it. */
  | { type: 'discarded'; store: string; id: string }
  /** A record was sent by this tab: the tab whose live mutation it is settles it with this outcome. */
  | { type: 'settled'; store: string; id: string; ok: true; data: unknown }
  | { type: 'settled'; store: string; id: string; ok: false; message: string; status: number | undefined }

const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max

export function validateOutboxMessage(payload: unknown): OutboxMessage | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined
  const message = payload as Record<string, unknown>
  const { type, store } = message
  if (!isText(store, 4096)) return undefined
  if (type === 'changed' || type === 'cleared') return { type, store }
  if (!isText(message.id, 1024)) return undefined
  if (type === 'discarded') return { type, store, id: message.id }
  if (type !== 'settled') return undefined
  if (message.ok === true) return { type, store, id: message.id, ok: true, data: message.data }
  const { status } = message
  if (message.ok !== false || !isText(message.message, 4096)) return undefined
  if (status !== undefined && (typeof status !== 'number' || !Number.isInteger(status))) return undefined
  return { type, store, id: message.id, ok: false, message: message.message, status }
}

/** The outboxes' channel, or undefined without BroadcastChannel (each tab then sees its own writes only). */
export const openOutboxChannel = (onDrop: () => void): TabChannel<OutboxMessage> | undefined =>
  openTabChannel({
    ...OUTBOX_CHANNEL,
    validate: validateOutboxMessage,
    onDrop,
  })

/** Relays a sent record's answer; one too big for the channel, or one it cannot clone, goes without its data. */
export function relaySent(post: (message: OutboxMessage) => void, store: string, id: string, data: unknown): void {
  const relayable = !exceedsSize(data, MAX_TAB_MESSAGE_SIZE - 4_096)
  try {
    post({ type: 'settled', store, id, ok: true, data: relayable ? data : undefined })
  } catch {
    post({ type: 'settled', store, id, ok: true, data: undefined })
  }
}
