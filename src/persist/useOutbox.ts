// The outbox as React state: pending and failed writes, whether this tab is sending, and the two actions.
import { useSyncExternalStore } from 'react'
import type { MutationOutbox, OutboxSnapshot } from './createMutationOutbox'

export interface UseOutboxResult extends OutboxSnapshot {
  retry: (id: string) => Promise<void>
  discard: (id: string) => Promise<void>
}

/**
 * Reads `outbox` (from `createMutationOutbox`) and re-renders when it changes, also when another tab changes it.
 * @example
 * const { pending, failed, retry, discard } = useOutbox(outbox)
 */
export function useOutbox(outbox: MutationOutbox): UseOutboxResult {
  const snapshot = useSyncExternalStore(outbox.subscribe, outbox.getSnapshot, outbox.getSnapshot)
  return { ...snapshot, retry: outbox.retry, discard: outbox.discard }
}
