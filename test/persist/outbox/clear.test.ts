// Logout (`clearPersistedCache`) empties the outbox on disk and in every tab, and a replay in progress
// sends nothing more.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { clearPersistedCache, createIndexedDBStorage } from '../../../src/persist'
import {
  device,
  installLocks,
  newClient,
  openTab,
  renameDefinition,
  scriptedServer,
  settle,
  setOnline,
  storedRecords,
} from './harness'

const cleanups: Array<() => void> = []
beforeEach(() => {
  cleanups.push(installLocks())
})
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
  setOnline(true)
})

const project = (name: string) => ({ id: 'p1', name })

describe('clearPersistedCache with a mutation outbox', () => {
  it('empties the outbox on disk and in every tab, and nothing is sent once online', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    const a = openTab(on, [useRename], cleanups)
    const b = openTab(on, [useRename], cleanups)
    await Promise.all([a.outbox.ready, b.outbox.ready])
    setOnline(false)
    const runA = a.client.getMutationCache().build(a.client, useRename.options()).execute(project('a'))
    const runB = b.client.getMutationCache().build(b.client, useRename.options()).execute(project('b'))
    await vi.waitFor(() => expect(a.outbox.getSnapshot().pending).toHaveLength(2))

    await clearPersistedCache(b.client, b.persister)
    expect(await storedRecords(on)).toEqual([])
    await vi.waitFor(() => expect(a.outbox.getSnapshot().pending).toEqual([]))
    expect(b.outbox.getSnapshot().pending).toEqual([])
    setOnline(true)
    await expect(runA).rejects.toMatchObject({ code: 'cleared' })
    await expect(runB).rejects.toMatchObject({ code: 'cleared' })
    await settle()
    expect(server.sent).toEqual([])
  })

  it('stops a replay in progress: no record is sent after the logout', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    let release: () => void = () => {}
    server.answer = (call) =>
      new Promise((resolve) => {
        release = () => resolve(call.input)
      })
    const a = openTab(on, [useRename], cleanups)
    const b = openTab(on, [useRename], cleanups)
    await Promise.all([a.outbox.ready, b.outbox.ready])
    setOnline(false)
    const runs = ['first', 'second', 'third'].map((name) =>
      a.client
        .getMutationCache()
        .build(a.client, useRename.options())
        .execute(project(name))
        .catch(() => 'rejected'),
    )
    await settle()
    setOnline(true)
    await settle()
    expect(server.sent.map((call) => call.input.name)).toEqual(['first'])

    await clearPersistedCache(b.client, b.persister)
    await settle()
    release()
    await Promise.all(runs)
    await settle()
    expect(server.sent.map((call) => call.input.name)).toEqual(['first'])
    expect(await storedRecords(on)).toEqual([])
  })

  it('empties the outbox in IndexedDB when no outbox is open in the tab that logs out', async () => {
    const on = device((dbName) => createIndexedDBStorage(dbName))
    const useRename = renameDefinition(scriptedServer())
    const a = openTab(on, [useRename], cleanups)
    await a.outbox.ready
    setOnline(false)
    a.client
      .getMutationCache()
      .build(a.client, useRename.options())
      .execute(project('a'))
      .catch(() => {})
    await settle()
    a.outbox.stop()
    expect(await storedRecords(on)).toHaveLength(1)
    await clearPersistedCache(a.client, on.persister())
    expect(await storedRecords(on)).toEqual([])
  })
})

describe('clearPersistedCache with a storage of the app’s own', () => {
  it('empties the storage an outbox of this persister used, also after that outbox stopped', async () => {
    const on = device()
    const useRename = renameDefinition(scriptedServer())
    const a = openTab(on, [useRename], cleanups)
    await a.outbox.ready
    setOnline(false)
    a.client
      .getMutationCache()
      .build(a.client, useRename.options())
      .execute(project('a'))
      .catch(() => {})
    await settle()
    a.outbox.stop()
    await clearPersistedCache(a.client, a.persister)
    expect(await storedRecords(on)).toEqual([])
  })

  it('empties it through another tab’s outbox when the tab that logs out has none', async () => {
    const on = device()
    const useRename = renameDefinition(scriptedServer())
    const a = openTab(on, [useRename], cleanups)
    await a.outbox.ready
    setOnline(false)
    a.client
      .getMutationCache()
      .build(a.client, useRename.options())
      .execute(project('a'))
      .catch(() => {})
    await settle()
    await clearPersistedCache(newClient(), on.persister())
    await vi.waitFor(async () => expect(await storedRecords(on)).toEqual([]))
  })
})
