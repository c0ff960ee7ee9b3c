import { afterEach, describe, expect, it } from 'vitest'
import { device, openTab, renameDefinition, scriptedServer, settle, setOnline, storedRecords } from './harness'

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
