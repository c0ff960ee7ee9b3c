// @vitest-environment node
// A response that is not an event stream costs bounded work: a 200 of another media type fails the
// attempt before anything is read, and a body of lines that are not SSE is dropped after a budget.
import { afterEach, expect, it, vi } from 'vitest'
import { connectInvalidationStream } from '../../src/live'
import type { InvalidationStream, StreamState } from '../../src/live'
import { MAX_JUNK_LINES } from '../../src/live/internal/openEventStream'
import { hello, isInvalidated, seededClient, sse } from './helpers'

let stream: InvalidationStream | undefined

afterEach(() => {
  stream?.close()
  stream = undefined
})

const encoder = new TextEncoder()

/** A body that produces `chunk` on demand, up to `total` bytes, counting what the client pulled. */
function lazyBody(chunk: string, total: number) {
  const bytes = encoder.encode(chunk)
  const pulled = { bytes: 0 }
  const body = new ReadableStream<Uint8Array>({
    pull: (controller) => {
      if (pulled.bytes >= total) return controller.close()
      pulled.bytes += bytes.byteLength
      controller.enqueue(bytes)
    },
  })
  return { body, pulled }
}

function connectTo(respond: () => Response, keys: Array<Array<string>> = []) {
  const client = seededClient(keys)
  const states: Array<StreamState> = []
  let calls = 0
  const fetch = (async () => {
    calls++
    return respond()
  }) as typeof globalThis.fetch
  stream = connectInvalidationStream(client, {
    url: 'http://test/stream',
    share: false,
    jitterMs: 0,
    fetch,
    // A long wait: each test sees one attempt.
    retry: { minDelayMs: 60_000 },
  })
  stream.status.subscribe((next) => states.push(next.state))
  return { client, status: stream.status, states, calls: () => calls }
}

it.each([
  ['text/html; charset=utf-8', 'text/html'],
  ['application/json', 'application/json'],
  [undefined, 'no Content-Type'],
])('fails a 200 with Content-Type %s and says why, never showing open', async (type, shown) => {
  const { status, states } = connectTo(
    // Bytes, not a string: a string body would get text/plain by default.
    () =>
      new Response(encoder.encode(hello()), {
        status: 200,
        headers: type === undefined ? {} : { 'Content-Type': type },
      }),
  )
  await vi.waitFor(() => expect(status.getState().state).toBe('reconnecting'))
  expect(status.getState().lastError).toMatchObject({
    name: 'InvalidationStreamError',
    code: 'not-event-stream',
    message: `[react-query-toolkit] expected text/event-stream, got ${shown}`,
    status: 200,
  })
  expect(states).not.toContain('open')
})

it.each(['text/event-stream; charset=utf-8', 'Text/Event-Stream', ' text/event-stream '])(
  'accepts Content-Type %j',
  async (type) => {
    const { client } = connectTo(
      () => new Response(hello() + sse('invalidate', { v: 1, keys: [['a']] }), { headers: { 'Content-Type': type } }),
      [['a']],
    )
    await vi.waitFor(() => expect(isInvalidated(client, ['a'])).toBe(true))
  },
)

it('stops reading 50 MB of lines that are not SSE after a bounded number of them', async () => {
  const junk = 'x\n'.repeat(32 * 1024)
  const { body, pulled } = lazyBody(junk, 50 * 1024 * 1024)
  const { status } = connectTo(() => new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }))
  await vi.waitFor(() => expect(status.getState().state).toBe('reconnecting'), { timeout: 5_000 })
  expect(status.getState().lastError).toMatchObject({ code: 'not-event-stream' })
  // One chunk of 32 Ki lines holds the whole budget; the rest of the 50 MB is never pulled.
  expect(MAX_JUNK_LINES).toBeLessThan(32 * 1024)
  expect(pulled.bytes).toBeLessThanOrEqual(4 * junk.length)
})

it('stops reading an HTML page served as text/event-stream', async () => {
  const page = `<!doctype html>\n<html>\n${'<div class="row">cell</div>\n'.repeat(2000)}</html>\n`
  const { body, pulled } = lazyBody(page, 50 * 1024 * 1024)
  const { status } = connectTo(() => new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }))
  await vi.waitFor(() => expect(status.getState().lastError).toMatchObject({ code: 'not-event-stream' }), {
    timeout: 5_000,
  })
  expect(pulled.bytes).toBeLessThanOrEqual(4 * page.length)
})

it('keeps a stream whose events come with a few unknown fields', async () => {
  let text = hello()
  for (let i = 0; i < 50; i++) text += `x-trace: ${i}\nfoo\n` + sse('ping', { v: 1 })
  text += sse('invalidate', { v: 1, keys: [['a']] })
  const { client, status } = connectTo(
    () => new Response(text, { headers: { 'Content-Type': 'text/event-stream' } }),
    [['a']],
  )
  await vi.waitFor(() => expect(isInvalidated(client, ['a'])).toBe(true))
  expect(status.getState().received).toBe(52)
})

it('drops a line longer than 1 MiB without a newline and reconnects', async () => {
  const { body, pulled } = lazyBody('y'.repeat(64 * 1024), 50 * 1024 * 1024)
  const { status } = connectTo(() => new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }))
  await vi.waitFor(() => expect(status.getState().state).toBe('reconnecting'), { timeout: 5_000 })
  expect(pulled.bytes).toBeLessThanOrEqual(2 * 1024 * 1024)
})
