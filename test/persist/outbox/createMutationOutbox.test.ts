import { afterEach, describe, expect, it } from 'vitest'
import { defineMutation } from '../../../src/defineMutation'
import { openOutboxes } from '../../../src/openOutboxes'
import { createMutationOutbox } from '../../../src/persist'
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
  for (const cleanup of cleanups.splice(0)) cleanup()
  setOnline(true)
})

describe('createMutationOutbox', () => {
  it('records a durable mutation before its mutationFn is called, and removes it once it succeeds', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    const seenAtSend: Array<number> = []
    server.answer = async (call) => {
      seenAtSend.push((await storedRecords(on)).length)
      return { ...call.input }
    }
    const { client, outbox } = openTab(on, [useRename], cleanups)
    await outbox.ready
    const data = await client.getMutationCache().build(client, useRename.options()).execute({ id: 'p1', name: 'New' })
    expect(data).toEqual({ id: 'p1', name: 'New' })
    expect(seenAtSend).toEqual([1])
    expect(await storedRecords(on)).toEqual([])
    expect(outbox.getSnapshot().pending).toEqual([])
  })

  it('passes the same idempotency key to every send of one record', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    let fail = true
    server.answer = async (call) => {
      if (fail) {
        fail = false
        throw new TypeError('Failed to fetch')
      }
      return call.input
    }
    const { client, outbox } = openTab(on, [useRename], cleanups, { retryBaseMs: 1, retryMaxMs: 1 })
    await outbox.ready
    await client.getMutationCache().build(client, useRename.options()).execute({ id: 'p1', name: 'New' })
    expect(server.sent).toHaveLength(2)
    expect(server.sent[0]!.idempotencyKey).toBe(server.sent[1]!.idempotencyKey)
    await settle()
  })
})

describe('createMutationOutbox: offline and order', () => {
  it('keeps a mutation made offline on disk, unsent, and sends it once the app is online again', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    const { client, outbox } = openTab(on, [useRename], cleanups)
    await outbox.ready
    setOnline(false)
    const done = client.getMutationCache().build(client, useRename.options()).execute({ id: 'p1', name: 'Offline' })
    await settle()
    expect(server.sent).toEqual([])
    expect(await storedRecords(on)).toHaveLength(1)
    expect(outbox.getSnapshot().pending.map((entry) => entry.input)).toEqual([{ id: 'p1', name: 'Offline' }])
    setOnline(true)
    await done
    expect(server.sent.map((call) => call.input.name)).toEqual(['Offline'])
    expect(await storedRecords(on)).toEqual([])
  })

  it('sends the records of one scope in the order they were made', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    const { client, outbox } = openTab(on, [useRename], cleanups)
    await outbox.ready
    setOnline(false)
    const runs = ['a', 'b', 'c', 'd'].map((name) =>
      client
        .getMutationCache()
        .build(client, useRename.options({ scope: { id: 'project-1' } }))
        .execute({ id: 'p1', name }),
    )
    await settle()
    setOnline(true)
    await Promise.all(runs)
    expect(server.sent.map((call) => call.input.name)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('never sends a later write of a scope before an earlier one that is retrying', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    let failures = 2
    server.answer = async (call) => {
      if (call.input.name === 'first' && failures-- > 0) throw Object.assign(new Error('busy'), { status: 503 })
      return call.input
    }
    const { client, outbox } = openTab(on, [useRename], cleanups, { retryBaseMs: 5, retryMaxMs: 5 })
    await outbox.ready
    const first = client.getMutationCache().build(client, useRename.options()).execute({ id: 'p1', name: 'first' })
    const second = client.getMutationCache().build(client, useRename.options()).execute({ id: 'p1', name: 'second' })
    await Promise.all([first, second])
    expect(server.sent.map((call) => call.input.name)).toEqual(['first', 'first', 'first', 'second'])
  })
})

describe('createMutationOutbox: refused writes', () => {
  const refuse = (server: ReturnType<typeof scriptedServer>, name: string) => {
    server.answer = async (call) => {
      if (call.input.name === name) throw Object.assign(new Error('conflict'), { status: 409 })
      return call.input
    }
  }

  it('keeps a write the server refuses as failed and rolls its optimistic layer back', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    refuse(server, 'Bad')
    const { client, outbox } = openTab(on, [useRename], cleanups)
    await outbox.ready
    client.setQueryData(['project', 'p1'], { id: 'p1', name: 'Old' })
    const run = client.getMutationCache().build(client, useRename.options()).execute({ id: 'p1', name: 'Bad' })
    await expect(run).rejects.toMatchObject({ status: 409 })
    expect(client.getQueryData(['project', 'p1'])).toEqual({ id: 'p1', name: 'Old' })
    const { failed, pending } = outbox.getSnapshot()
    expect(pending).toEqual([])
    expect(failed.map((entry) => [entry.input, entry.error])).toEqual([[{ id: 'p1', name: 'Bad' }, 'conflict']])
    expect((await storedRecords(on)).map((record) => record.status)).toEqual(['failed'])
  })

  it('holds the later writes of a scope whose head failed, and sends the other scopes', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    refuse(server, 'Bad')
    const { client, outbox } = openTab(on, [useRename], cleanups)
    await outbox.ready
    setOnline(false)
    const build = (scope: string, name: string) =>
      client
        .getMutationCache()
        .build(client, useRename.options({ scope: { id: scope } }))
        .execute({ id: scope, name })
    const bad = build('s1', 'Bad')
    const held = build('s1', 'after bad')
    const other = build('s2', 'other')
    void held.catch(() => {})
    await settle()
    setOnline(true)
    await expect(bad).rejects.toThrow('conflict')
    await other
    await settle()
    expect(server.sent.map((call) => call.input.name)).toEqual(['Bad', 'other'])
    expect(outbox.getSnapshot().pending.map((entry) => entry.input)).toEqual([{ id: 's1', name: 'after bad' }])
  })

  it('sends a failed write again on retry(id), then the writes held behind it', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    refuse(server, 'Bad')
    const { client, outbox } = openTab(on, [useRename], cleanups)
    await outbox.ready
    setOnline(false)
    const bad = client.getMutationCache().build(client, useRename.options()).execute({ id: 'p1', name: 'Bad' })
    const held = client.getMutationCache().build(client, useRename.options()).execute({ id: 'p1', name: 'later' })
    await settle()
    setOnline(true)
    await expect(bad).rejects.toThrow('conflict')
    server.answer = async (call) => call.input
    await outbox.retry(outbox.getSnapshot().failed[0]!.id)
    await held
    expect(server.sent.map((call) => call.input.name)).toEqual(['Bad', 'Bad', 'later'])
    expect(outbox.getSnapshot()).toMatchObject({ pending: [], failed: [] })
    expect(await storedRecords(on)).toEqual([])
  })

  it('deletes a record on discard(id) and rejects its waiting mutation with OutboxError discarded', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    const { client, outbox } = openTab(on, [useRename], cleanups)
    await outbox.ready
    client.setQueryData(['project', 'p1'], { id: 'p1', name: 'Old' })
    setOnline(false)
    const run = client.getMutationCache().build(client, useRename.options()).execute({ id: 'p1', name: 'Never' })
    await settle()
    expect(client.getQueryData(['project', 'p1'])).toEqual({ id: 'p1', name: 'Never' })
    await outbox.discard(outbox.getSnapshot().pending[0]!.id)
    setOnline(true)
    await expect(run).rejects.toMatchObject({ name: 'OutboxError', code: 'discarded' })
    expect(server.sent).toEqual([])
    expect(await storedRecords(on)).toEqual([])
    expect(client.getQueryData(['project', 'p1'])).toEqual({ id: 'p1', name: 'Old' })
  })
})

describe('createMutationOutbox: setup', () => {
  it('throws PersistError options for a mutation that is not durable', () => {
    const plain = defineMutation({ mutationFn: (input: string) => Promise.resolve(input) })
    expect(() => createMutationOutbox(newClient(), device().persister(), { mutations: [plain] })).toThrow(
      expect.objectContaining({ name: 'PersistError', code: 'options' }),
    )
  })

  it('fails a durable mutation the outbox was not given, instead of recording what it could never send', async () => {
    const server = scriptedServer()
    const listed = renameDefinition(server)
    const unlisted = renameDefinition(server)
    const { client, outbox } = openTab(device(), [listed], cleanups)
    await outbox.ready
    const run = client.getMutationCache().build(client, unlisted.options()).execute({ id: 'p1', name: 'x' })
    await expect(run).rejects.toMatchObject({ name: 'PersistError', code: 'options' })
    expect(server.sent).toEqual([])
  })

  it('registers its depth where the metrics read it, and leaves on stop()', async () => {
    const useRename = renameDefinition(scriptedServer(), uniqueName('projects.rename'))
    const { client, outbox } = openTab(device(), [useRename], cleanups)
    await outbox.ready
    const registered = () => openOutboxes().outboxes.find((entry) => entry.client === client)
    setOnline(false)
    let heard = 0
    const unsubscribe = registered()!.subscribe(() => heard++)
    client
      .getMutationCache()
      .build(client, useRename.options())
      .execute({ id: 'p1', name: 'x' })
      .catch(() => {})
    await settle()
    expect(registered()!.depth()).toEqual({ pending: 1, failed: 0 })
    expect(heard).toBeGreaterThan(0)
    unsubscribe()
    outbox.stop()
    expect(registered()).toBeUndefined()
  })
})

describe('createMutationOutbox: a call that fails before it is sent', () => {
  it('forgets the record when the caller’s own onMutate throws, and sends nothing', async () => {
    const on = device()
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    const { client, outbox } = openTab(on, [useRename], cleanups)
    await outbox.ready
    setOnline(false)
    const options = useRename.options({
      onMutate: () => {
        throw new Error('not allowed')
      },
    })
    await expect(client.getMutationCache().build(client, options).execute({ id: 'p1', name: 'x' })).rejects.toThrow(
      'not allowed',
    )
    expect(await storedRecords(on)).toEqual([])
    setOnline(true)
    await outbox.replay()
    expect(server.sent).toEqual([])
  })
})
