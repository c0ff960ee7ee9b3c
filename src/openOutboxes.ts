// The mutation outboxes open in this JavaScript realm, in a global symbol-keyed slot: `/persist` registers
// each outbox with the QueryClient it serves, the metrics (and so the inspector) read its depth here, and
// neither entry imports the other. Any script may write the slot, so readers treat what they find as untrusted.

/** What a reader may rely on of a registered outbox. */
export interface OpenOutbox {
  /** The QueryClient whose mutations the outbox records. */
  client: object
  /** Records waiting to be sent (or being sent), and records kept as failed. */
  depth: () => { pending: number; failed: number }
  /** Called after every change of `depth()`. */
  subscribe: (listener: () => void) => () => void
}

interface OutboxSlot {
  outboxes: Array<OpenOutbox>
  listeners: Set<() => void>
}

// Versioned: another copy of the package with another slot shape must not share this one.
const SLOT = Symbol.for('react-query-toolkit.openOutboxes.v1')

/** The slot, made anew when it is missing or was overwritten with something else. */
export function openOutboxes(): OutboxSlot {
  const realm = globalThis as { [SLOT]?: unknown }
  const found = realm[SLOT] as Partial<OutboxSlot> | undefined
  if (found && Array.isArray(found.outboxes) && found.listeners instanceof Set) return found as OutboxSlot
  const fresh: OutboxSlot = { outboxes: [], listeners: new Set() }
  realm[SLOT] = fresh
  return fresh
}

/** Adds an outbox to the slot; the returned function removes it. Listeners hear both. */
export function registerOutbox(outbox: OpenOutbox): () => void {
  openOutboxes().outboxes.push(outbox)
  notifyOpenOutboxes()
  return () => {
    const { outboxes } = openOutboxes()
    const at = outboxes.indexOf(outbox)
    if (at >= 0) outboxes.splice(at, 1)
    notifyOpenOutboxes()
  }
}

export function subscribeOpenOutboxes(listener: () => void): () => void {
  const { listeners } = openOutboxes()
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

function notifyOpenOutboxes(): void {
  for (const listener of [...openOutboxes().listeners]) listener()
}
