// @vitest-environment node
// Against a real HTTP server on 127.0.0.1 that honours the Idempotency-Key header: an answer lost on the way
// back (the server applied the write, the client saw a network error) is resent with the same key, and the
// server applies the write once.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { defineMutation } from '../../../src/defineMutation'
import { device, openTab, uniqueName } from './harness'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
})

let server: Server
let base = ''
const answers = new Map<string, string>()
const applied: Array<string> = []
let requests = 0
let dropNextAnswer = false
let failNextWith: number | undefined

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      requests++
      if (failNextWith !== undefined) {
        response.writeHead(failNextWith).end()
        failNextWith = undefined
        return
      }
      const key = String(request.headers['idempotency-key'])
      let answer = answers.get(key)
      if (answer === undefined) {
        applied.push(body)
        answer = JSON.stringify({ ...JSON.parse(body), saved: applied.length })
        answers.set(key, answer)
      }
      if (dropNextAnswer) {
        dropNextAnswer = false
        request.socket.destroy()
        return
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(answer)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const useRename = defineMutation({
  name: uniqueName('http.rename'),
  durable: true,
  mutationFn: async (input: { id: string; name: string }, { idempotencyKey }) => {
    const response = await fetch(`${base}/projects/${input.id}`, {
      method: 'PATCH',
      body: JSON.stringify(input),
      headers: { 'Idempotency-Key': idempotencyKey },
    })
    if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { status: response.status })
    return (await response.json()) as { id: string; name: string; saved: number }
  },
})

describe('createMutationOutbox against a server that honours Idempotency-Key', () => {
  it('resends with the same key when the answer is lost, and the server applies the write once', async () => {
    applied.length = 0
    requests = 0
    dropNextAnswer = true
    const { client, outbox } = openTab(device(), [useRename], cleanups, { retryBaseMs: 1, retryMaxMs: 1 })
    await outbox.ready
    const answer = await client
      .getMutationCache()
      .build(client, useRename.options())
      .execute({ id: 'p1', name: 'Once' })
    expect(requests).toBe(2)
    expect(applied).toEqual([JSON.stringify({ id: 'p1', name: 'Once' })])
    expect(answer).toEqual({ id: 'p1', name: 'Once', saved: 1 })
  })

  it('retries a 503 and then succeeds', async () => {
    applied.length = 0
    requests = 0
    failNextWith = 503
    const { client, outbox } = openTab(device(), [useRename], cleanups, { retryBaseMs: 1, retryMaxMs: 1 })
    await outbox.ready
    await client.getMutationCache().build(client, useRename.options()).execute({ id: 'p2', name: 'Later' })
    expect(requests).toBe(2)
    expect(applied).toHaveLength(1)
  })

  it('keeps a 4xx as failed without retrying', async () => {
    requests = 0
    failNextWith = 422
    const { client, outbox } = openTab(device(), [useRename], cleanups, { retryBaseMs: 1, retryMaxMs: 1 })
    await outbox.ready
    const run = client.getMutationCache().build(client, useRename.options()).execute({ id: 'p3', name: 'No' })
    await expect(run).rejects.toMatchObject({ status: 422 })
    expect(requests).toBe(1)
    expect(outbox.getSnapshot().failed).toHaveLength(1)
  })
})
