// A reload is a new QueryClient and a new outbox over the same storage: what was recorded must come back.
import { afterEach, describe, expect, it } from 'vitest'
import { defineMutation } from '../../../src/defineMutation'
import { persistQueryCache } from '../../../src/persist'
import {
  device,
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

const project = (name: string) => ({ id: 'p1', name })

describe('createMutationOutbox after a reload', () => {
  it('re-applies the optimistic layer of each pending record, so the page shows the pending write', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    setOnline(false)
    const first = openTab(on, [useRename], cleanups)
    await first.outbox.ready
    first.client
      .getMutationCache()
      .build(first.client, useRename.options())
      .execute(project('Pending'))
      .catch(() => {})
    await settle()
    first.outbox.stop()

    const reloaded = openTab(on, [useRename], cleanups)
    reloaded.client.setQueryData(['project', 'p1'], project('Server'))
    await reloaded.outbox.ready
    expect(reloaded.client.getQueryData(['project', 'p1'])).toEqual(project('Pending'))
    expect(reloaded.outbox.getSnapshot().pending.map((entry) => entry.input)).toEqual([project('Pending')])
    expect(server.sent).toEqual([])
  })

  it('replays a restored record through the definition: writes and invalidates run as for a live mutation', async () => {
    const on = device()
    const name = uniqueName('projects.rename')
    const sent: Array<string> = []
    const useRename = defineMutation({
      name,
      durable: true,
      mutationFn: async (input: { id: string; name: string }, { idempotencyKey }) => {
        sent.push(idempotencyKey)
        return { ...input, version: 2 }
      },
      writes: (saved) => [[['project', saved.id], saved]],
      invalidates: [['projects']],
      optimistic: {
        key: (input) => ['project', input.id],
        update: (current: object | undefined, input) => ({ ...current, ...input }),
      },
    })
    setOnline(false)
    const first = openTab(on, [useRename], cleanups)
    await first.outbox.ready
    first.client
      .getMutationCache()
      .build(first.client, useRename.options())
      .execute(project('Renamed'))
      .catch(() => {})
    await settle()
    first.outbox.stop()

    const reloaded = openTab(on, [useRename], cleanups)
    reloaded.client.setQueryData(['projects'], ['stale list'])
    await reloaded.outbox.ready
    setOnline(true)
    await reloaded.outbox.replay()
    await settle()
    expect(sent).toHaveLength(1)
    expect(reloaded.client.getQueryData(['project', 'p1'])).toEqual({ id: 'p1', name: 'Renamed', version: 2 })
    expect(reloaded.client.getQueryState(['projects'])?.isInvalidated).toBe(true)
    expect(await storedRecords(on)).toEqual([])
  })

  it('resends a record whose tab closed mid-send with the same idempotency key', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    server.answer = () => new Promise(() => {}) // the tab dies before the server answers
    const first = openTab(on, [useRename], cleanups)
    await first.outbox.ready
    first.client
      .getMutationCache()
      .build(first.client, useRename.options())
      .execute(project('Once'))
      .catch(() => {})
    await settle()
    expect(server.sent).toHaveLength(1)
    first.outbox.stop()

    server.answer = async (call) => call.input
    const reloaded = openTab(on, [useRename], cleanups)
    await reloaded.outbox.ready
    await reloaded.outbox.replay()
    expect(server.sent).toHaveLength(2)
    expect(server.sent[1]!.idempotencyKey).toBe(server.sent[0]!.idempotencyKey)
    expect(await storedRecords(on)).toEqual([])
  })

  it('counts the attempt on disk before each send', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    const attemptsAtSend: Array<unknown> = []
    server.answer = async (call) => {
      attemptsAtSend.push((await storedRecords(on))[0]?.attempts)
      return call.input
    }
    const { client, outbox } = openTab(on, [useRename], cleanups)
    await outbox.ready
    await client.getMutationCache().build(client, useRename.options()).execute(project('Counted'))
    expect(attemptsAtSend).toEqual([1])
  })

  it('keeps outbox records out of the query restore: not restored, not counted corrupt, not deleted', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    setOnline(false)
    const first = openTab(on, [useRename], cleanups)
    await first.outbox.ready
    first.client
      .getMutationCache()
      .build(first.client, useRename.options())
      .execute(project('Kept'))
      .catch(() => {})
    await settle()
    first.outbox.stop()

    const reloaded = openTab(on, [useRename], cleanups)
    const connection = persistQueryCache(reloaded.client, reloaded.persister)
    cleanups.push(() => connection.stop())
    const report = await connection.restored
    expect(report).toMatchObject({ restored: 0, corrupt: 0 })
    expect(await storedRecords(on)).toHaveLength(1)
  })
})

describe('createMutationOutbox: a restored record and a new call in one scope', () => {
  it('sends the restored record first, then the new call, without TanStack queueing one behind the other', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    const inScope = (tab: ReturnType<typeof openTab>, name: string) =>
      tab.client
        .getMutationCache()
        .build(tab.client, useRename.options({ scope: { id: 'project-p1' } }))
        .execute(project(name))
    setOnline(false)
    const first = openTab(on, [useRename], cleanups)
    await first.outbox.ready
    inScope(first, 'before reload').catch(() => {})
    await settle()
    first.outbox.stop()

    const reloaded = openTab(on, [useRename], cleanups)
    await reloaded.outbox.ready
    const after = inScope(reloaded, 'after reload')
    await settle()
    setOnline(true)
    await after
    expect(server.sent.map((call) => call.input.name)).toEqual(['before reload', 'after reload'])
  })
})

describe('createMutationOutbox: a replay and TanStack mutation defaults', () => {
  it('is not queued by TanStack behind a live call of a scope that setMutationDefaults gives the mutation', async () => {
    const on = device()
    const server = scriptedServer()
    const name = uniqueName('projects.rename')
    const useRename = renameDefinition(server, name)
    const call = (tab: ReturnType<typeof openTab>, input: string) =>
      tab.client.getMutationCache().build(tab.client, useRename.options()).execute(project(input))
    setOnline(false)
    const first = openTab(on, [useRename], cleanups)
    await first.outbox.ready
    call(first, 'before reload').catch(() => {})
    await settle()
    first.outbox.stop()

    const reloaded = openTab(on, [useRename], cleanups)
    reloaded.client.setMutationDefaults([name], { scope: { id: 'renames' } })
    await reloaded.outbox.ready
    const after = call(reloaded, 'after reload')
    await settle()
    setOnline(true)
    await after
    expect(server.sent.map((sent) => sent.input.name)).toEqual(['before reload', 'after reload'])
  })
})
