// Logout: forget the namespace on disk, in this tab's memory and in the app's other tabs.
import type { QueryClient } from '@tanstack/react-query'
import type { QueryPersister } from './QueryPersister'
import { internalsOf } from './internal/persisterInternals'
import { openClearChannel, sessionsOf } from './internal/sessions'
import { clearOutboxes } from './outbox/outboxRegistry'

/**
 * Logout: wipes the persister's namespace on disk and every query of `client`, and tells the app's other
 * tabs on the same namespace to empty their caches too. The mutation outbox of the namespace is emptied
 * in every tab, and a replay in progress sends nothing more. Never rejects.
 * @example
 * await clearPersistedCache(queryClient, persister)
 */
export async function clearPersistedCache(client: QueryClient, persister: QueryPersister): Promise<void> {
  const sessions = [...sessionsOf(persister)]
  const own = sessions.find((session) => session.client === client)
  for (const session of sessions) session.wipe()
  if (!own) client.getQueryCache().clear()
  // Other tabs hear of it first, so they stop writing; posting through our own session's channel
  // keeps this tab from hearing its own message.
  const message = { dbName: internalsOf(persister).scope, namespace: persister.namespace }
  const channel = own?.channel ?? openClearChannel()
  channel?.post(message)
  if (channel !== own?.channel) channel?.close()
  await Promise.all([internalsOf(persister).clear(), clearOutboxes(persister)])
}
