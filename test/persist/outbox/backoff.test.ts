// Retries wait with capped, jittered exponential backoff (fake timers: the waits are the behaviour).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { device, openTab, renameDefinition, scriptedServer, setOnline } from './harness'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
  vi.useRealTimers()
  vi.restoreAllMocks()
  setOnline(true)
})

async function sendTimes(failures: number, error: unknown, random: number) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  vi.spyOn(Math, 'random').mockReturnValue(random)
  const server = scriptedServer()
  const useRename = renameDefinition(server)
  const times: Array<number> = []
  let left = failures
  server.answer = async (call) => {
    times.push(Date.now())
    if (left-- > 0) throw error
    return call.input
  }
  const { client, outbox } = openTab(device(), [useRename], cleanups, { retryBaseMs: 100, retryMaxMs: 400 })
  await outbox.ready
  const run = client.getMutationCache().build(client, useRename.options()).execute({ id: 'p1', name: 'x' })
  await vi.advanceTimersByTimeAsync(10_000)
  await run
  return times.slice(1).map((time, i) => time - times[i]!)
}

describe('createMutationOutbox retry backoff', () => {
  it('waits longer after each 5xx, up to retryMaxMs', async () => {
    expect(await sendTimes(6, { status: 503 }, 1)).toEqual([100, 200, 400, 400, 400, 400])
  })

  it('jitters each wait into the upper half of its step', async () => {
    expect(await sendTimes(4, new TypeError('Failed to fetch'), 0)).toEqual([50, 100, 200, 200])
  })
})

describe('createMutationOutbox with a server that never answers', () => {
  it('gives up on a send after sendTimeoutMs and sends it again with the same key', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    vi.spyOn(Math, 'random').mockReturnValue(1)
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    let silent = true
    server.answer = (call) => {
      if (silent) {
        silent = false
        return new Promise(() => {})
      }
      return Promise.resolve(call.input)
    }
    const { client, outbox } = openTab(device(), [useRename], cleanups, {
      sendTimeoutMs: 1_000,
      retryBaseMs: 100,
      retryMaxMs: 100,
    })
    await outbox.ready
    const run = client.getMutationCache().build(client, useRename.options()).execute({ id: 'p1', name: 'x' })
    await vi.advanceTimersByTimeAsync(999)
    expect(server.sent).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(101)
    expect(await run).toEqual({ id: 'p1', name: 'x' })
    expect(server.sent).toHaveLength(2)
    expect(server.sent[1]!.idempotencyKey).toBe(server.sent[0]!.idempotencyKey)
  })
})
