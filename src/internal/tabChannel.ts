// A BroadcastChannel between the app's tabs. Every message travels in a versioned envelope and is
// validated on arrival: another tab is a trust boundary like the network.

const ENVELOPE_VERSION = 1

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
  /** Called for each dropped message, with why: another sender's envelope, another version, a bad payload. */
  onDrop?: (reason: 'envelope' | 'version' | 'payload') => void
}

/** Opens a channel, or returns `undefined` where `BroadcastChannel` does not exist (SSR, old browsers). */
export function openTabChannel<TMessage>(
  options: TabChannelOptions<TMessage>,
): TabChannel<TMessage> | undefined {
  if (typeof BroadcastChannel === 'undefined') return undefined
  const { name, kind, validate, onDrop } = options
  const channel = new BroadcastChannel(name)
  const listeners = new Set<(message: TMessage) => void>()

  channel.onmessage = (event: MessageEvent<unknown>) => {
    const envelope = event.data
    if (!isEnvelope(envelope)) return onDrop?.('envelope')
    if (envelope.rqt !== ENVELOPE_VERSION) return onDrop?.('version')
    if (envelope.kind !== kind) return
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
