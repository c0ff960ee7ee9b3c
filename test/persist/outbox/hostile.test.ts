// Storage is outside the app's trust: stored records are validated before anything is sent, and a storage
// that is full, throws or never answers fails the new mutation loudly, never a recorded one.
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  clearPersistedCache,
  createIndexedDBPersister,
  createMemoryStorage,
  createMutationOutbox,
} from '../../../src/persist'
import type { PersistStorage } from '../../../src/persist'
import {
  device,
  newClient,
  openTab,
  renameDefinition,
  scriptedServer,
  settle,
  setOnline,
  storedRecords,
  uniqueName,
} from './harness'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
  setOnline(true)
})

const OUTBOX = 'u1\u0000outbox'
const valid = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  v: 1,
  ns: 'u1',
  id,
  name,
  input: { id: 'p1', name: id },
  idempotencyKey: `key-${id}`,
  createdAt: 1,
  scope: null,
  attempts: 0,
  status: 'pending',
  ...extra,
})

async function seed(storage: PersistStorage, rows: Array<[string, unknown]>) {
  await storage.update(OUTBOX, [], () => ({ put: rows as Array<[string, string]>, delete: [] }))
}

describe('createMutationOutbox: hostile stored records', () => {
  const hostileRows = (): Array<[string, unknown]> => [
    ['not-json', '{"v":1,'],
    ['object', { v: 1 }],
    ['wrong-shape', JSON.stringify({ ...valid('wrong-shape', 'x'), attempts: -1 })],
    ['id-mismatch', JSON.stringify(valid('another-id', 'x'))],
    ['other-ns', JSON.stringify({ ...valid('other-ns', 'x'), ns: 'u2' })],
    ['oversized', JSON.stringify({ ...valid('oversized', 'x'), input: 'x'.repeat(300_000) })],
    ['unknown-name', JSON.stringify(valid('unknown-name', 'unknown.mutation'))],
  ]

  it('drops and counts each record that fails validation once, and never sends it', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    await seed(on.storage, hostileRows())
    const { outbox } = openTab(on, [useRename], cleanups)
    await outbox.ready
    await outbox.replay()
    await outbox.replay()
    expect(outbox.stats().droppedRecords).toBe(hostileRows().length)
    expect(server.sent).toEqual([])
    expect(outbox.getSnapshot().pending).toEqual([])
  })

  it('deletes invalid records, but keeps one of an unknown name (another version of the app may send it)', async () => {
    const on = device()
    const useRename = renameDefinition(scriptedServer())
    await seed(on.storage, hostileRows())
    const { outbox } = openTab(on, [useRename], cleanups)
    await outbox.ready
    expect((await on.storage.getAll(OUTBOX)).map(([key]) => key)).toEqual(['unknown-name'])
  })

  it('sends a valid stored record among hostile ones, with its stored idempotency key', async () => {
    const on = device()
    const server = scriptedServer()
    const name = uniqueName('projects.rename')
    const useRename = renameDefinition(server, name)
    await seed(on.storage, [...hostileRows(), ['good', JSON.stringify(valid('good', name))]])
    const { outbox } = openTab(on, [useRename], cleanups)
    await outbox.ready
    await outbox.replay()
    expect(server.sent).toEqual([{ input: { id: 'p1', name: 'good' }, idempotencyKey: 'key-good' }])
  })
})

describe('createMutationOutbox: storage faults', () => {
  const run = (tab: ReturnType<typeof openTab>, hook: ReturnType<typeof renameDefinition>, name: string) =>
    tab.client.getMutationCache().build(tab.client, hook.options()).execute({ id: 'p1', name })

  it('fails the mutation with PersistError quota when its record does not fit, and never sends it', async () => {
    const memory = createMemoryStorage()
    let full = false
    const storage: PersistStorage = {
      ...memory,
      update: (namespace, keys, change) => {
        if (full) return Promise.reject(new DOMException('full', 'QuotaExceededError'))
        return memory.update(namespace, keys, change)
      },
    }
    const on = device(storage)
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    const tab = openTab(on, [useRename], cleanups)
    await tab.outbox.ready
    tab.client.setQueryData(['project', 'p1'], { id: 'p1', name: 'Old' })
    setOnline(false)
    const recorded = run(tab, useRename, 'recorded')
    await settle()
    full = true
    await expect(run(tab, useRename, 'too much')).rejects.toMatchObject({ name: 'PersistError', code: 'quota' })
    expect(tab.client.getQueryData(['project', 'p1'])).toEqual({ id: 'p1', name: 'recorded' })
    full = false
    setOnline(true)
    await recorded
    expect(server.sent.map((call) => call.input.name)).toEqual(['recorded'])
  })

  it('fails the mutation with PersistError unavailable when the storage never answers', async () => {
    const storage: PersistStorage = { ...createMemoryStorage(), open: () => new Promise(() => {}) }
    const client = newClient()
    const persister = createIndexedDBPersister({ namespace: 'u1', storage, restoreTimeoutMs: 50 })
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    const outbox = createMutationOutbox(client, persister, { mutations: [useRename], storage })
    cleanups.push(() => outbox.stop())
    await outbox.ready
    expect(outbox.stats().lastError?.code).toBe('unavailable')
    const run = client.getMutationCache().build(client, useRename.options()).execute({ id: 'p1', name: 'x' })
    await expect(run).rejects.toMatchObject({ name: 'PersistError', code: 'unavailable' })
    expect(server.sent).toEqual([])
  })

  it('finishes a logout in a tab without an outbox when the outbox database never opens', async () => {
    // The persister keeps its queries in memory; only the outbox's default storage (IndexedDB) is reached.
    const persister = createIndexedDBPersister({
      namespace: 'u1',
      storage: createMemoryStorage(),
      restoreTimeoutMs: 50,
    })
    const open = vi.spyOn(indexedDB, 'open').mockImplementation(() => ({}) as IDBOpenDBRequest)
    cleanups.push(() => open.mockRestore())
    await expect(clearPersistedCache(newClient(), persister)).resolves.toBeUndefined()
    expect(open).toHaveBeenCalled()
  })

  it('fails the mutation with PersistError serialize when its input cannot be stored as JSON', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    const tab = openTab(on, [useRename], cleanups)
    await tab.outbox.ready
    const input = { id: 'p1', name: 'x', big: 1n } as unknown as { id: string; name: string }
    const runIt = tab.client.getMutationCache().build(tab.client, useRename.options()).execute(input)
    await expect(runIt).rejects.toMatchObject({ name: 'PersistError', code: 'serialize' })
    expect(server.sent).toEqual([])
    expect(await storedRecords(on)).toEqual([])
  })

  it('refuses an input over maxRecordSize with PersistError serialize', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    const tab = openTab(on, [useRename], cleanups, { maxRecordSize: 1_000 })
    await tab.outbox.ready
    await expect(run(tab, useRename, 'x'.repeat(2_000))).rejects.toMatchObject({ code: 'serialize' })
    expect(server.sent).toEqual([])
  })
})
