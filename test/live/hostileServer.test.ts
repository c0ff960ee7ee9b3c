// @vitest-environment node
// A hostile or broken server, over real HTTP on 127.0.0.1: slow bytes, no `hello`, a junk `hello`,
// silence, redirects, a BOM, CR-only line endings. The client applies what is valid, resyncs when it
// cannot know what it missed, and always comes back.
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { connectInvalidationStream } from '../../src/live'
import type { InvalidationStream, InvalidationStreamOptions } from '../../src/live'
import { isInvalidated, seededClient, sse, tick } from './helpers'
import { startSseServer } from './sseServer'

let server: Awaited<ReturnType<typeof startSseServer>>
let other: Awaited<ReturnType<typeof startSseServer>> | undefined
let stream: InvalidationStream | undefined

beforeEach(async () => {
  server = await startSseServer()
})

afterEach(async () => {
  stream?.close()
  stream = undefined
  await server.close()
  await other?.close()
  other = undefined
})

function connect(keys: Array<Array<unknown>> = [], options: Partial<InvalidationStreamOptions> = {}) {
  const client = seededClient(keys)
  stream = connectInvalidationStream(client, {
    url: server.url,
    share: false,
    jitterMs: 0,
    resumeStorage: false,
    retry: { initialDelayMs: 5, maxDelayMs: 20, minDelayMs: 0 },
    ...options,
  })
  return { client, status: stream.status }
}

const helloText = (replay = true) => sse('hello', { v: 1, replay })
const invalidate = (key: string, id?: string) => sse('invalidate', { v: 1, keys: [[key]] }, id)

it('applies events that arrive one byte at a time', async () => {
  const { client } = connect([['slow']])
  const first = await server.request(1)
  first.open()
  const text = helloText() + invalidate('slow', 's-1')
  for (const byte of Buffer.from(text)) {
    first.res.write(Buffer.from([byte]))
    await new Promise((resolve) => setImmediate(resolve))
  }
  await vi.waitFor(() => expect(isInvalidated(client, ['slow'])).toBe(true))
})

it('applies events from a server that never sends hello on a first connection', async () => {
  const { client, status } = connect([['a'], ['b']])
  ;(await server.request(1)).open(invalidate('a', 'n-1'))
  await vi.waitFor(() => expect(isInvalidated(client, ['a'])).toBe(true))
  expect(isInvalidated(client, ['b'])).toBe(false)
  expect(status.getState().state).toBe('open')
})

it('invalidates everything when a reconnection starts without hello', async () => {
  const { client } = connect([['a'], ['b']])
  const first = await server.request(1)
  first.open(helloText() + invalidate('a', 'n-1'))
  await vi.waitFor(() => expect(isInvalidated(client, ['a'])).toBe(true))
  first.res.end()
  // No hello: the server has not said it replays, so events may have been missed.
  ;(await server.request(2)).open(sse('ping', { v: 1 }))
  await vi.waitFor(() => expect(isInvalidated(client, ['b'])).toBe(true))
})

it.each([
  ['replay as a string', { v: 1, replay: 'yes' }],
  ['a wrong version', { v: 2, replay: true }],
  ['no body', 'junk'],
])('invalidates everything when a reconnection starts with a hello with %s', async (_, body) => {
  const { client } = connect([['a'], ['b']])
  const first = await server.request(1)
  first.open(helloText() + invalidate('a', 'j-1'))
  await vi.waitFor(() => expect(isInvalidated(client, ['a'])).toBe(true))
  first.res.end()
  ;(await server.request(2)).open(sse('hello', body) + sse('ping', { v: 1 }))
  await vi.waitFor(() => expect(isInvalidated(client, ['b'])).toBe(true))
})

it('keeps the cache when a reconnection starts with hello replay: true', async () => {
  const { client } = connect([['a'], ['b']])
  const first = await server.request(1)
  first.open(helloText() + invalidate('a', 'r-1'))
  await vi.waitFor(() => expect(isInvalidated(client, ['a'])).toBe(true))
  first.res.end()
  ;(await server.request(2)).open(helloText() + sse('ping', { v: 1 }))
  await vi.waitFor(() => expect(stream?.status.getState()).toMatchObject({ state: 'open', received: 4 }))
  await tick()
  expect(isInvalidated(client, ['b'])).toBe(false)
})

it('drops a 200 that never sends a byte after the heartbeat timeout and reconnects', async () => {
  const { status } = connect([], { heartbeatTimeoutMs: 100 })
  ;(await server.request(1)).open()
  await server.request(2)
  expect(status.getState().lastError).toMatchObject({ code: 'heartbeat-timeout' })
})

it('follows a redirect to the stream', async () => {
  const { client } = connect([['moved']])
  ;(await server.request(1)).res.writeHead(307, { Location: '/elsewhere' }).end()
  const second = await server.request(2)
  expect(second.req.url).toBe('/elsewhere')
  second.open(helloText() + invalidate('moved'))
  await vi.waitFor(() => expect(isInvalidated(client, ['moved'])).toBe(true))
})

it('does not carry the Authorization header across a redirect to another origin', async () => {
  other = await startSseServer()
  connect([], { headers: { Authorization: 'Bearer secret' } })
  const first = await server.request(1)
  expect(first.req.headers.authorization).toBe('Bearer secret')
  first.res.writeHead(302, { Location: other.url.replace('127.0.0.1', 'localhost') }).end()
  const moved = await other.request(1)
  expect(moved.req.headers.authorization).toBeUndefined()
})

it('retries after a redirect loop', async () => {
  const { status } = connect()
  let answered = 0
  const loop = setInterval(() => {
    for (const request of server.requests.slice(answered)) {
      answered++
      if (answered <= 25) request.res.writeHead(302, { Location: `/loop-${answered}` }).end()
      else request.open(helloText())
    }
  }, 1)
  try {
    await vi.waitFor(() => expect(status.getState().state).toBe('open'), { timeout: 5_000 })
    expect(status.getState().retryCount).toBe(0)
    expect(answered).toBeGreaterThan(21)
  } finally {
    clearInterval(loop)
  }
})

it('understands a stream that starts with a byte order mark', async () => {
  const { client, status } = connect([['bom']])
  const first = await server.request(1)
  first.open()
  first.res.write(Buffer.from([0xef, 0xbb]))
  await tick()
  first.res.write(Buffer.concat([Buffer.from([0xbf]), Buffer.from(helloText() + invalidate('bom'))]))
  await vi.waitFor(() => expect(isInvalidated(client, ['bom'])).toBe(true))
  expect(status.getState().dropped).toBe(0)
})

it('understands CR-only line endings', async () => {
  const { client, status } = connect([['cr']])
  const first = await server.request(1)
  first.open((helloText() + invalidate('cr', 'c-1')).replaceAll('\n', '\r'))
  await vi.waitFor(() => expect(isInvalidated(client, ['cr'])).toBe(true))
  expect(status.getState()).toMatchObject({ dropped: 0, lastEventId: 'c-1' })
})

it('never applies an event cut off by a server that dies mid-way, and resumes from the last complete one', async () => {
  const { client, status } = connect([['whole'], ['cut']])
  const first = await server.request(1)
  first.open(helloText() + invalidate('whole', 'w-1') + 'id: w-2\nevent: invalidate\ndata: {"v":1,"keys":[["cut"]]}\n')
  await vi.waitFor(() => expect(isInvalidated(client, ['whole'])).toBe(true))
  first.res.destroy()
  const second = await server.request(2)
  expect(second.req.headers['last-event-id']).toBe('w-1')
  second.open(helloText())
  await vi.waitFor(() => expect(status.getState().state).toBe('open'))
  await tick()
  expect(isInvalidated(client, ['cut'])).toBe(false)
})

it('reads nothing after the stream is closed, whatever the server keeps sending', async () => {
  const { client, status } = connect([['late']])
  const first = await server.request(1)
  first.open(helloText())
  await vi.waitFor(() => expect(status.getState().state).toBe('open'))
  stream?.close()
  first.res.write(invalidate('late'))
  await tick()
  expect(isInvalidated(client, ['late'])).toBe(false)
  expect(server.requests).toHaveLength(1)
})
