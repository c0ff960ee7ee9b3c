// The outboxes open in this tab, by persister, so a logout (`clearPersistedCache`) reaches them, and the
// storage each persister's outbox lives in when no outbox of it is open here. A logout imports this file
// and nothing else of the outbox (no store, records or message checks), so an app without an outbox does
// not pay for one.
import { openTabChannel } from '../../tabs/tabChannel'
import { createIndexedDBStorage } from '../createIndexedDBStorage'
import type { PersistStorage } from '../PersistStorage'
import { internalsOf } from '../internal/persisterInternals'
import { within } from '../internal/within'
import type { QueryPersister } from '../QueryPersister'
import type { OutboxMessage } from './outboxMessages'

/** The tab channel the outboxes of every namespace share (`outboxMessages` checks what arrives on it). */
export const OUTBOX_CHANNEL = { name: 'react-query-toolkit:outbox', kind: 'outbox' }

/** The storage namespace of the outbox of persister namespace `namespace`. */
export const outboxNamespace = (namespace: string): string => `${namespace}\u0000outbox`

export interface OpenMutationOutbox {
  /** Forgets every record in this tab and stops sending; the storage is cleared by the caller. */
  wipe: () => void
  clear: () => Promise<void>
}

const open = new WeakMap<object, Set<OpenMutationOutbox>>()
// The last outbox made over each persister, kept after it stops: a logout still reaches its storage.
const last = new WeakMap<object, OpenMutationOutbox>()

export function outboxesOf(persister: object): Set<OpenMutationOutbox> {
  let set = open.get(persister)
  if (!set) open.set(persister, (set = new Set()))
  return set
}

export function addOutbox(persister: object, outbox: OpenMutationOutbox): () => void {
  outboxesOf(persister).add(outbox)
  last.set(persister, outbox)
  return () => outboxesOf(persister).delete(outbox)
}

/**
 * The storage the persister keeps its records in. The persister does not expose it, so an outbox over a
 * persister with a storage of its own must be given the same one (`storage` option); by default it is the
 * persister's IndexedDB database.
 */
export const defaultOutboxStorage = (persister: QueryPersister): PersistStorage =>
  createIndexedDBStorage(internalsOf(persister).scope)

/** Identifies one outbox queue across tabs: the storage (database) and the persister namespace. */
export const storeIdOf = (persister: QueryPersister): string =>
  `${internalsOf(persister).scope}\u0000${persister.namespace}`

/**
 * Logout: stops and empties every outbox of `persister` in this tab, tells the other tabs to do the same,
 * and deletes the outbox's records. Never rejects.
 */
export async function clearOutboxes(persister: QueryPersister): Promise<void> {
  const here = [...outboxesOf(persister)]
  for (const outbox of here) outbox.wipe()
  // Post only: this channel reads nothing, so it needs no check of what arrives.
  const channel = openTabChannel<OutboxMessage>({ ...OUTBOX_CHANNEL, validate: () => undefined, onDrop: () => {} })
  channel?.post({ type: 'cleared', store: storeIdOf(persister) })
  channel?.close()
  try {
    const known = here[0] ?? last.get(persister)
    if (known) await known.clear()
    else {
      // No outbox of it was made in this tab: its records are deleted straight from the storage, bounded
      // like every outbox storage call (a database that never opens does not hold the logout).
      const storage = defaultOutboxStorage(persister)
      const { restoreTimeoutMs } = internalsOf(persister)
      const clear = Promise.resolve()
        .then(() => storage.open?.())
        .then(() => storage.clear(outboxNamespace(persister.namespace)))
      await within(clear, restoreTimeoutMs).finally(() => storage.close?.())
    }
  } catch {
    // Reported by the outbox's storage; a logout never throws into the app.
  }
}
