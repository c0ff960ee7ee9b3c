// The outbox tests' set-up: a persister over a shared memory storage (one "device"), tabs as QueryClients
// with an outbox each, durable definitions with a scripted server, and a Web Lock manager shared by the tabs.
import { QueryClient, onlineManager } from '@tanstack/react-query'
import { defineMutation } from '../../../src/defineMutation'
import { createIndexedDBPersister, createMemoryStorage, createMutationOutbox } from '../../../src/persist'
import type { MutationOutbox, MutationOutboxOptions, PersistStorage } from '../../../src/persist'

let names = 0
/** A mutation name no other test uses (names are unique per realm). */
export const uniqueName = (base: string): string => `${base}.${++names}.${Math.random().toString(36).slice(2, 6)}`

export interface Sent {
  input: { id: string; name: string }
  idempotencyKey: string
}

/** A server the durable mutations call: it logs each send and answers with `answer` (or throws what it returns). */
export function scriptedServer() {
  const sent: Array<Sent> = []
  const server = {
    sent,
    answer: async (call: Sent): Promise<unknown> => ({ ...call.input, saved: true }),
  }
  return server
}

export const newClient = (): QueryClient =>
  new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Number.POSITIVE_INFINITY } } })

/** A rename mutation, durable, optimistic on `['project', id]`. */
export function renameDefinition(server: ReturnType<typeof scriptedServer>, name = uniqueName('projects.rename')) {
  return defineMutation({
    name,
    durable: true,
    mutationFn: async (input: { id: string; name: string }, { idempotencyKey }) => {
      const call = { input, idempotencyKey }
      server.sent.push(call)
      return server.answer(call)
    },
    optimistic: {
      key: (input) => ['project', input.id],
      update: (current: { id: string; name: string } | undefined, input) => ({ ...current, ...input }),
    },
  })
}

export interface Device {
  readonly storage: PersistStorage
  dbName: string
  persister: () => ReturnType<typeof createIndexedDBPersister>
}

let devices = 0
/** One device's storage: memory by default, or the one `storage(dbName)` makes (IndexedDB). */
export function device(storage: PersistStorage | ((dbName: string) => PersistStorage) = createMemoryStorage()): Device {
  const dbName = `outbox-test-${++devices}-${Math.random()}`
  if (typeof storage === 'function') storage = storage(dbName)
  return { storage, dbName, persister: () => createIndexedDBPersister({ namespace: 'u1', dbName, storage }) }
}

/** A tab on `on`: its own QueryClient, persister and outbox. */
export function openTab(
  on: Device,
  mutations: MutationOutboxOptions['mutations'],
  cleanups: Array<() => void>,
  options: Partial<MutationOutboxOptions> = {},
): { client: QueryClient; outbox: MutationOutbox; persister: ReturnType<Device['persister']> } {
  const client = newClient()
  // As QueryClientProvider does: a mounted client resumes paused mutations when the app is online again.
  client.mount()
  cleanups.push(() => client.unmount())
  const persister = on.persister()
  const outbox = createMutationOutbox(client, persister, { mutations, storage: on.storage, ...options })
  cleanups.push(() => outbox.stop())
  return { client, outbox, persister }
}

/** A FIFO Web Lock manager shared by every tab of the test (jsdom has none). */
export function installLocks(): () => void {
  const queues = new Map<string, Promise<unknown>>()
  const locks = {
    request: (name: string, callback: () => Promise<unknown>) => {
      const previous = queues.get(name) ?? Promise.resolve()
      const run = previous.then(() => callback())
      queues.set(
        name,
        run.catch(() => undefined),
      )
      return run
    },
  }
  Object.defineProperty(globalThis.navigator, 'locks', { value: locks, configurable: true })
  return () => {
    Reflect.deleteProperty(globalThis.navigator, 'locks')
  }
}

export const setOnline = (online: boolean): void => onlineManager.setOnline(online)

/** Lets storage, timers of 0 ms and channel messages settle. */
export const settle = (ms = 30) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** The stored outbox records of the device, parsed. */
export async function storedRecords(on: Device): Promise<Array<Record<string, unknown>>> {
  const rows = await on.storage.getAll('u1\u0000outbox')
  return rows.map(([, value]) => JSON.parse(value as string) as Record<string, unknown>)
}
