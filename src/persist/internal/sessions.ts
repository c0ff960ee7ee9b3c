// Live `persistQueryCache` connections by persister, so a logout can reach them, and the tab message
// that carries a logout to the app's other tabs.
import type { QueryClient } from '@tanstack/react-query'
import { openTabChannel } from '../../tabs/tabChannel'
import type { TabChannel } from '../../tabs/tabChannel'

export interface ClearMessage {
  dbName: string
  namespace: string
}

export interface PersistSession {
  client: QueryClient
  channel: TabChannel<ClearMessage> | undefined
  /** Drops pending writes and empties the client's cache without turning that into deletes. */
  wipe: () => void
}

const registry = new WeakMap<object, Set<PersistSession>>()

export function sessionsOf(persister: object): Set<PersistSession> {
  let sessions = registry.get(persister)
  if (!sessions) registry.set(persister, (sessions = new Set()))
  return sessions
}

function validateClearMessage(payload: unknown): ClearMessage | undefined {
  const { dbName, namespace } = (payload ?? {}) as Record<string, unknown>
  return typeof dbName === 'string' && typeof namespace === 'string' ? { dbName, namespace } : undefined
}

/** The channel logouts travel on, or `undefined` without BroadcastChannel. */
export const openClearChannel = (): TabChannel<ClearMessage> | undefined =>
  openTabChannel({ name: 'react-query-toolkit:persist', kind: 'clear', validate: validateClearMessage })
