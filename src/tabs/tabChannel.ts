// A BroadcastChannel between the app's tabs. Every message travels in a versioned envelope and is
// validated on arrival: another tab is a trust boundary like the network, so a payload is first measured
// (with a budget, so the measuring itself is bounded) and dropped when it is over the size limit.

const ENVELOPE_VERSION = 1

/** The default size limit of one payload: a protocol event's 64 KiB `data`, plus room for its name and id. */
export const MAX_TAB_MESSAGE_SIZE = 64 * 1024 + 2048

interface Envelope {
  rqt: typeof ENVELOPE_VERSION
  kind: string
  payload: unknown
}

export interface TabChannel<TMessage> {
  post: (message: TMessage) => void
  /** Listens for messages from other tabs; returns its unsubscribe. */
  subscribe: (listener: (message: TMessage) => void) => () => void
  close: () => void
}

export interface TabChannelOptions<TMessage> {
  /** Channel name, shared by every tab of the app. */
  name: string
  /** Message kind inside the channel, so several features can share one name. */
  kind: string
  /** Returns the message when `payload` is valid, `undefined` to drop it. */
  validate: (payload: unknown) => TMessage | undefined
  /**
   * Largest payload accepted, in JSON-like size units (a string counts its length, every value, key and
   * separator at least one); larger ones are dropped with code `'size'` before `validate` runs.
   * @default MAX_TAB_MESSAGE_SIZE (64 KiB + 2 KiB)
   */
  maxSize?: number
  /** Called for each dropped message, with why: another sender's envelope, another version, over the size limit, a bad payload. */
  onDrop?: (code: 'envelope' | 'version' | 'size' | 'payload') => void
}

/** Opens a channel, or returns `undefined` where `BroadcastChannel` does not exist (SSR, old browsers). */
export function openTabChannel<TMessage>(options: TabChannelOptions<TMessage>): TabChannel<TMessage> | undefined {
  if (typeof BroadcastChannel === 'undefined') return undefined
  const { name, kind, validate, onDrop, maxSize = MAX_TAB_MESSAGE_SIZE } = options
  const channel = new BroadcastChannel(name)
  const listeners = new Set<(message: TMessage) => void>()

  channel.onmessage = (event: MessageEvent<unknown>) => {
    const envelope = event.data
    if (!isEnvelope(envelope)) return onDrop?.('envelope')
    if (envelope.rqt !== ENVELOPE_VERSION) return onDrop?.('version')
    if (envelope.kind !== kind) return
    if (exceedsSize(envelope.payload, maxSize)) return onDrop?.('size')
    const message = validate(envelope.payload)
    if (message === undefined) return onDrop?.('payload')
    for (const listener of listeners) listener(message)
  }

  return {
    post: (message) => {
      const envelope: Envelope = { rqt: ENVELOPE_VERSION, kind, payload: message }
      channel.postMessage(envelope)
    },
    subscribe: (listener) => {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    close: () => {
      listeners.clear()
      channel.close()
    },
  }
}

function isEnvelope(value: unknown): value is Envelope {
  return (
    typeof value === 'object' &&
    value !== null &&
    'rqt' in value &&
    'kind' in value &&
    typeof (value as { kind: unknown }).kind === 'string'
  )
}

/**
 * Whether a structured-clone value is larger than `limit`, walking at most about `limit` units: every
 * value visited costs at least one, so a wide, deep or cyclic payload stops the walk early.
 */
export function exceedsSize(value: unknown, limit: number): boolean {
  let budget = limit
  const stack: Array<unknown> = [value]
  while (stack.length > 0) {
    const item = stack.pop()
    budget -= 1
    if (typeof item === 'string') budget -= item.length + 2
    else if (typeof item === 'number' || typeof item === 'bigint') budget -= String(item).length
    else if (typeof item === 'object' && item !== null) {
      if (ArrayBuffer.isView(item) || item instanceof ArrayBuffer) budget -= item.byteLength
      else if (item instanceof Map || item instanceof Set) {
        // Counting before pushing keeps a huge collection from being copied onto the stack.
        budget -= item.size
        if (budget >= 0) item.forEach((entry: unknown, key: unknown) => stack.push(key, entry))
      } else if (Array.isArray(item)) {
        budget -= item.length
        if (budget >= 0) for (const entry of item) stack.push(entry)
      } else {
        const keys = Object.keys(item)
        budget -= keys.length
        for (const key of keys) {
          if ((budget -= key.length + 3) < 0) break
          stack.push((item as Record<string, unknown>)[key])
        }
      }
    }
    if (budget < 0) return true
  }
  return false
}
