// Two tabs: two QueryClients and two outboxes on one storage, a real BroadcastChannel between them and a
// Web Lock manager they share. One queue, sent once, by one tab at a time.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { subscribeInvalidations } from '../../../src/internal/invalidationEvents'
import { isOutboxError } from '../../../src/persist'
import { device, installLocks, openTab, renameDefinition, scriptedServer, settle, setOnline } from './harness'
import type { Device } from './harness'

const cleanups: Array<() => void> = []
beforeEach(() => {
  cleanups.push(installLocks())
})
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
  setOnline(true)
})

const project = (id: string, name: string) => ({ id, name })

function twoTabs(on: Device = device()) {
  const server = scriptedServer()
  const useRename = renameDefinition(server)
  const a = openTab(on, [useRename], cleanups)
  const b = openTab(on, [useRename], cleanups)
  const run = (tab: typeof a, input: { id: string; name: string }) =>
    tab.client.getMutationCache().build(tab.client, useRename.options()).execute(input)
  return { on, server, useRename, a, b, run }
}

describe('createMutationOutbox in two tabs', () => {
  it('sends the writes of both tabs once each, in the order they were made', async () => {
    const { server, a, b, run } = twoTabs()
    await Promise.all([a.outbox.ready, b.outbox.ready])
    setOnline(false)
    const runs = [run(a, project('p1', 'a1'))]
    await settle(5)
    runs.push(run(b, project('p1', 'b1')))
    await settle(5)
    runs.push(run(a, project('p1', 'a2')))
    await settle()
    setOnline(true)
    await Promise.all(runs)
    await settle()
    expect(server.sent.map((call) => call.input.name)).toEqual(['a1', 'b1', 'a2'])
    expect(new Set(server.sent.map((call) => call.idempotencyKey)).size).toBe(3)
  })

  it('settles a mutation of one tab with the answer when the other tab sent it', async () => {
    const { server, a, b, run } = twoTabs()
    await Promise.all([a.outbox.ready, b.outbox.ready])
    server.answer = async (call) => ({ ...call.input, answeredBy: 'server' })
    setOnline(false)
    const fromA = run(a, project('p1', 'a1'))
    const fromB = run(b, project('p2', 'b1'))
    await settle()
    setOnline(true)
    expect(await fromA).toEqual({ id: 'p1', name: 'a1', answeredBy: 'server' })
    expect(await fromB).toEqual({ id: 'p2', name: 'b1', answeredBy: 'server' })
    expect(server.sent).toHaveLength(2)
  })

  it('shows the other tab its pending writes and their optimistic layers without a reload', async () => {
    const { a, b, run } = twoTabs()
    await Promise.all([a.outbox.ready, b.outbox.ready])
    b.client.setQueryData(['project', 'p1'], project('p1', 'Server'))
    setOnline(false)
    void run(a, project('p1', 'From A')).catch(() => {})
    await vi.waitFor(() => {
      expect(b.outbox.getSnapshot().pending.map((entry) => entry.input)).toEqual([project('p1', 'From A')])
    })
    expect(b.client.getQueryData(['project', 'p1'])).toEqual(project('p1', 'From A'))
  })

  it('drops the other tab’s layer once the write is sent and marks its copy invalidated, counted as a tab pass', async () => {
    const { a, b, run } = twoTabs()
    await Promise.all([a.outbox.ready, b.outbox.ready])
    b.client.setQueryData(['project', 'p1'], project('p1', 'Server'))
    const passes: Array<string> = []
    cleanups.push(subscribeInvalidations(b.client, ({ source }) => void passes.push(source)))
    setOnline(false)
    const fromA = run(a, project('p1', 'From A'))
    await vi.waitFor(() => expect(b.client.getQueryData(['project', 'p1'])).toEqual(project('p1', 'From A')))
    setOnline(true)
    await fromA
    await vi.waitFor(() => expect(b.outbox.getSnapshot().pending).toEqual([]))
    expect(b.client.getQueryData(['project', 'p1'])).toEqual(project('p1', 'Server'))
    expect(b.client.getQueryState(['project', 'p1'])?.isInvalidated).toBe(true)
    expect(passes).toEqual(['tab'])
  })

  it('rolls the other tab’s layer back when the write is discarded', async () => {
    const { a, b, run } = twoTabs()
    await Promise.all([a.outbox.ready, b.outbox.ready])
    b.client.setQueryData(['project', 'p1'], project('p1', 'Server'))
    setOnline(false)
    void run(a, project('p1', 'From A')).catch(() => {})
    await vi.waitFor(() => expect(b.outbox.getSnapshot().pending).toHaveLength(1))
    await a.outbox.discard(a.outbox.getSnapshot().pending[0]!.id)
    await vi.waitFor(() => expect(b.outbox.getSnapshot().pending).toEqual([]))
    expect(b.client.getQueryData(['project', 'p1'])).toEqual(project('p1', 'Server'))
  })
})

describe('createMutationOutbox in two tabs: settling across tabs', () => {
  it('rejects a waiting mutation with OutboxError discarded when another tab discards its record', async () => {
    const { a, b, run, server } = twoTabs()
    await Promise.all([a.outbox.ready, b.outbox.ready])
    setOnline(false)
    const fromA = run(a, project('p1', 'a1'))
    await vi.waitFor(() => expect(b.outbox.getSnapshot().pending).toHaveLength(1))
    await b.outbox.discard(b.outbox.getSnapshot().pending[0]!.id)
    await vi.waitFor(() => expect(a.outbox.getSnapshot().pending).toEqual([]))
    // TanStack holds the paused mutation until the app is online again; then it settles, unsent.
    setOnline(true)
    await expect(fromA).rejects.toMatchObject({ name: 'OutboxError', code: 'discarded' })
    await settle()
    expect(server.sent).toEqual([])
  })

  it('rejects a mutation with OutboxError refused (message and status) when the other tab sent it and the server refused', async () => {
    const { a, b, server, useRename } = twoTabs()
    await Promise.all([a.outbox.ready, b.outbox.ready])
    server.answer = async () => {
      throw Object.assign(new Error('name taken'), { status: 409 })
    }
    // Two scopes, so the first refusal does not hold the second write back.
    const inScope = (tab: typeof a, scope: string) =>
      tab.client
        .getMutationCache()
        .build(tab.client, useRename.options({ scope: { id: scope } }))
        .execute(project(scope, scope))
    setOnline(false)
    const fromA = inScope(a, 'p1')
    const fromB = inScope(b, 'p2')
    await settle()
    setOnline(true)
    const outcomes = await Promise.allSettled([fromA, fromB])
    const reasons = outcomes.map((outcome) => (outcome.status === 'rejected' ? outcome.reason : undefined))
    // One tab sent both: its own call failed with the server's error, the other's with the relayed refusal.
    expect(reasons.map((reason) => (reason as { status?: unknown }).status)).toEqual([409, 409])
    expect(reasons.filter((reason) => isOutboxError(reason) && reason.code === 'refused')).toHaveLength(1)
    expect(reasons.every((reason) => (reason as Error).message.includes('name taken'))).toBe(true)
  })

  it('settles a waiting mutation with undefined data when the answer is too big to relay', async () => {
    const { a, b, run, server } = twoTabs()
    await Promise.all([a.outbox.ready, b.outbox.ready])
    server.answer = async (call) => ({ ...call.input, blob: 'x'.repeat(100_000) })
    setOnline(false)
    const fromA = run(a, project('p1', 'a1'))
    const fromB = run(b, project('p2', 'b1'))
    await settle()
    setOnline(true)
    const answers = await Promise.all([fromA, fromB])
    // One tab sent both: its own call has the answer, the other tab's call settled without it.
    expect(answers.filter((answer) => answer === undefined)).toHaveLength(1)
    expect(a.outbox.stats().droppedMessages + b.outbox.stats().droppedMessages).toBe(0)
  })
})

describe('createMutationOutbox: messages from other tabs', () => {
  it('drops and counts hostile messages on the outbox channel, and changes nothing', async () => {
    const { a, run } = twoTabs()
    await a.outbox.ready
    setOnline(false)
    void run(a, project('p1', 'mine')).catch(() => {})
    await settle()
    const raw = new BroadcastChannel('react-query-toolkit:outbox')
    cleanups.push(() => raw.close())
    const hostile: Array<unknown> = [
      'not an envelope',
      { rqt: 2, kind: 'outbox', payload: {} },
      { rqt: 1, kind: 'outbox', payload: { type: 'settled', store: 'x', id: 7, ok: true } },
      { rqt: 1, kind: 'outbox', payload: { type: 'wipe-everything' } },
      { rqt: 1, kind: 'outbox', payload: { type: 'changed', store: 'x'.repeat(100_000) } },
      { rqt: 1, kind: 'outbox', payload: { type: 'settled', store: 's', id: 'i', ok: false, message: 5 } },
    ]
    for (const message of hostile) raw.postMessage(message)
    await vi.waitFor(() => expect(a.outbox.stats().droppedMessages).toBe(hostile.length))
    expect(a.outbox.getSnapshot().pending).toHaveLength(1)
  })

  it('ignores well-formed messages about another storage or namespace', async () => {
    const { a, run } = twoTabs()
    await a.outbox.ready
    setOnline(false)
    void run(a, project('p1', 'mine')).catch(() => {})
    await settle()
    const raw = new BroadcastChannel('react-query-toolkit:outbox')
    cleanups.push(() => raw.close())
    raw.postMessage({ rqt: 1, kind: 'outbox', payload: { type: 'cleared', store: 'another-db\u0000u1' } })
    await settle()
    expect(a.outbox.getSnapshot().pending).toHaveLength(1)
  })
})
