// @vitest-environment node
// The fetch transport against a real HTTP server on 127.0.0.1: framing, statuses, drops and resumption.
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { connectInvalidationStream } from '../../src/live'
import type { InvalidationStream, InvalidationStreamOptions } from '../../src/live'
import { isInvalidated, seededClient, sse, tick } from './helpers'
import { startSseServer } from './sseServer'

let server: Awaited<ReturnType<typeof startSseServer>>
let stream: InvalidationStream | undefined

beforeEach(async () => {
  server = await startSseServer()
})

afterEach(async () => {
  stream?.close()
  stream = undefined
  await server.close()
})

function connect(keys: Array<Array<unknown>> = [], options: Partial<InvalidationStreamOptions> = {}) {
  const client = seededClient(keys)
  stream = connectInvalidationStream(client, {
    url: server.url,
    share: false,
    jitterMs: 0,
    retry: { initialDelayMs: 5, maxDelayMs: 20, minDelayMs: 0 },
    ...options,
  })
  return { client, status: stream.status }
}

const helloText = sse('hello', { v: 1, replay: true })

it('streams events from a 200 response and asks for text/event-stream', async () => {
  const { client, status } = connect([['a']])
  const first = await server.request(1)
  expect(first.req.headers.accept).toBe('text/event-stream')
  first.open(helloText + sse('invalidate', { v: 1, keys: [['a']] }))
  await vi.waitFor(() => expect(isInvalidated(client, ['a'])).toBe(true))
  expect(status.getState()).toMatchObject({ state: 'open', received: 2, retryCount: 0 })
})

it('reassembles events split across slow chunks', async () => {
  const { client } = connect([['split', 'key']])
  const first = await server.request(1)
  first.open()
  const text = helloText + sse('invalidate', { v: 1, keys: [['split', 'key']] })
  for (let at = 0; at < text.length; at += 7) {
    first.res.write(text.slice(at, at + 7))
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
  await vi.waitFor(() => expect(isInvalidated(client, ['split', 'key'])).toBe(true))
})

it('understands CRLF line endings, comments and multi-line data', async () => {
  const { client, status } = connect([['crlf']])
  const first = await server.request(1)
  first.open(
    ': a comment\r\n\r\nevent: hello\r\ndata: {"v":1,"replay":true}\r\n\r\n' +
      'id: 9\r\nevent: invalidate\r\ndata: {"v":1,\r\ndata: "keys":[["crlf"]]}\r\n\r\n',
  )
  await vi.waitFor(() => expect(isInvalidated(client, ['crlf'])).toBe(true))
  expect(status.getState()).toMatchObject({ lastEventId: '9', dropped: 0 })
})

it('reconnects after a drop and resumes with Last-Event-ID', async () => {
  const { status } = connect()
  const first = await server.request(1)
  first.open(helloText + sse('invalidate', { v: 1, tags: ['t'] }, 'evt-12'))
  await vi.waitFor(() => expect(status.getState().lastEventId).toBe('evt-12'))
  first.res.end()
  const second = await server.request(2)
  expect(second.req.headers['last-event-id']).toBe('evt-12')
})

it('retries when the connection is destroyed mid-stream', async () => {
  const { status } = connect()
  const first = await server.request(1)
  first.open(helloText)
  await vi.waitFor(() => expect(status.getState().state).toBe('open'))
  first.res.destroy()
  const second = await server.request(2)
  second.open(helloText)
  await vi.waitFor(() => expect(status.getState().state).toBe('open'))
})

it('stops with state closed on 204 and does not retry', async () => {
  const { status } = connect()
  const first = await server.request(1)
  first.res.writeHead(204).end()
  await vi.waitFor(() => expect(status.getState().state).toBe('closed'))
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(server.requests).toHaveLength(1)
})

it.each([401, 403])('stops as unauthorized on %i until reconnect()', async (code) => {
  const { status } = connect()
  ;(await server.request(1)).res.writeHead(code).end()
  await vi.waitFor(() => expect(status.getState().state).toBe('unauthorized'))
  expect(status.getState().lastError).toMatchObject({ name: 'InvalidationStreamError', status: code })
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(server.requests).toHaveLength(1)
  stream?.reconnect()
  ;(await server.request(2)).open(helloText)
  await vi.waitFor(() => expect(status.getState().state).toBe('open'))
})

it('retries other statuses, counting attempts and keeping the error', async () => {
  const { status } = connect()
  ;(await server.request(1)).res.writeHead(500).end()
  ;(await server.request(2)).res.writeHead(502).end()
  const third = await server.request(3)
  expect(status.getState()).toMatchObject({ state: 'connecting', retryCount: 2, lastError: { status: 502 } })
  third.open(helloText)
  await vi.waitFor(() => expect(status.getState()).toMatchObject({ state: 'open', retryCount: 0 }))
})

it("honours the server's retry: as the backoff base", async () => {
  // With a one-minute base the test would time out: only `retry: 1` makes the reconnection quick.
  connect([], { retry: { initialDelayMs: 60_000, maxDelayMs: 120_000, minDelayMs: 0 } })
  const first = await server.request(1)
  first.open('retry: 1\n\n' + helloText)
  await tick()
  first.res.end()
  await server.request(2)
  expect(server.requests).toHaveLength(2)
})

it('calls an async headers getter before every connection', async () => {
  let token = 0
  connect([], { headers: async () => ({ Authorization: `Bearer ${++token}` }) })
  const first = await server.request(1)
  expect(first.req.headers.authorization).toBe('Bearer 1')
  first.res.writeHead(503).end()
  expect((await server.request(2)).req.headers.authorization).toBe('Bearer 2')
})

it('stops connecting when closed', async () => {
  const { status } = connect()
  ;(await server.request(1)).open(helloText)
  await vi.waitFor(() => expect(status.getState().state).toBe('open'))
  stream?.close()
  expect(status.getState().state).toBe('closed')
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(server.requests).toHaveLength(1)
})

it('ignores reconnect() after close()', async () => {
  const { status } = connect()
  ;(await server.request(1)).open(helloText)
  await vi.waitFor(() => expect(status.getState().state).toBe('open'))
  stream?.close()
  stream?.reconnect()
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(server.requests).toHaveLength(1)
  expect(status.getState().state).toBe('closed')
})
