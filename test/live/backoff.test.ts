// @vitest-environment node
// Reconnection can never become a hot loop: a floor under every wait, whatever the server says with
// `retry:`, and `Retry-After` honoured on 503 and 429. Driven by fake timers and a scripted endpoint.
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { connectInvalidationStream } from '../../src/live'
import type { InvalidationStream, InvalidationStreamOptions } from '../../src/live'
import { retryAfterMs } from '../../src/live/internal/retryAfter'
import { createFakeEndpoint, hello, seededClient } from './helpers'

let stream: InvalidationStream | undefined

beforeEach(() => {
  vi.useFakeTimers()
  // The low end of every jittered range: only the floor is left.
  vi.spyOn(Math, 'random').mockReturnValue(0)
})

afterEach(() => {
  stream?.close()
  stream = undefined
  vi.useRealTimers()
  vi.restoreAllMocks()
})

function connect(
  options: Partial<InvalidationStreamOptions> = {},
  fetch?: typeof globalThis.fetch,
  statuses: Array<number> = [],
) {
  const endpoint = createFakeEndpoint()
  endpoint.respondWith(...statuses)
  stream = connectInvalidationStream(seededClient([]), {
    url: 'http://test/stream',
    share: false,
    fetch: fetch ?? endpoint.fetch,
    ...options,
  })
  return { endpoint, status: stream.status }
}

/** A server that accepts, sends `prelude` and ends the response at once, on every connection. */
async function acceptAndDrop(endpoint: ReturnType<typeof createFakeEndpoint>, count: number, prelude: string) {
  const connection = await endpoint.connection(count)
  connection.push(prelude)
  connection.end()
}

it('waits at least one second between connections when the server sends retry: 0', async () => {
  const { endpoint } = connect()
  await acceptAndDrop(endpoint, 1, 'retry: 0\n\n' + hello())
  await vi.advanceTimersByTimeAsync(999)
  expect(endpoint.connections).toHaveLength(1)
  await vi.advanceTimersByTimeAsync(1)
  expect(endpoint.connections).toHaveLength(2)
})

it('makes at most one connection a second to a server that accepts, says retry: 1 and drops', async () => {
  let connections = 0
  // Every connection delivers an event (so the retry count starts over) and ends at once.
  const flapping = (async () => {
    connections++
    return new Response('retry: 1\n\n' + hello(), { headers: { 'Content-Type': 'text/event-stream' } })
  }) as typeof globalThis.fetch
  connect({}, flapping)
  await vi.advanceTimersByTimeAsync(10_000)
  expect(connections).toBeGreaterThanOrEqual(5)
  expect(connections).toBeLessThanOrEqual(11)
})

it('keeps the floor when the app sets initialDelayMs: 0', async () => {
  const { endpoint } = connect({ retry: { initialDelayMs: 0 } }, undefined, [500, 500])
  await vi.advanceTimersByTimeAsync(999)
  expect(endpoint.connections).toHaveLength(1)
  await vi.advanceTimersByTimeAsync(1)
  expect(endpoint.connections).toHaveLength(2)
})

it('lowers the floor only where the app asks with retry.minDelayMs', async () => {
  const { endpoint } = connect({ retry: { minDelayMs: 50 } })
  await acceptAndDrop(endpoint, 1, 'retry: 0\n\n' + hello())
  await vi.advanceTimersByTimeAsync(49)
  expect(endpoint.connections).toHaveLength(1)
  await vi.advanceTimersByTimeAsync(1)
  expect(endpoint.connections).toHaveLength(2)
})

it('caps a huge retry: at maxDelayMs', async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0.5)
  const { endpoint } = connect({ retry: { maxDelayMs: 4000, minDelayMs: 0 } })
  await acceptAndDrop(endpoint, 1, 'retry: 99999999999999999999999\n\n' + hello())
  // Half of min(maxDelayMs, base) = 2 s, not half of 10^23 ms.
  await vi.advanceTimersByTimeAsync(2000)
  expect(endpoint.connections).toHaveLength(2)
})

it.each(['-5', 'soon', '1e3', ''])('ignores retry: %j and keeps the base it had', async (value) => {
  vi.spyOn(Math, 'random').mockReturnValue(0.5)
  const { endpoint, status } = connect({ retry: { initialDelayMs: 400, minDelayMs: 0 } })
  await acceptAndDrop(endpoint, 1, `retry: ${value}\n\n` + hello())
  await vi.advanceTimersByTimeAsync(199)
  expect(endpoint.connections).toHaveLength(1)
  await vi.advanceTimersByTimeAsync(1)
  expect(endpoint.connections).toHaveLength(2)
  expect(status.getState().dropped).toBe(0)
})

/** A fetch answering 503 (with `retryAfter`, if any) once, then 200 as the fake endpoint does. */
function unavailableOnce(endpoint: ReturnType<typeof createFakeEndpoint>, retryAfter: string | undefined, code = 503) {
  let calls = 0
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (calls++ > 0) return endpoint.fetch(input, init)
    return new Response('busy', {
      status: code,
      headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter },
    })
  }) as typeof globalThis.fetch
}

it.each([503, 429])('waits out Retry-After in seconds on %i', async (code) => {
  const endpoint = createFakeEndpoint()
  const { status } = connect({}, unavailableOnce(endpoint, '120', code))
  await vi.advanceTimersByTimeAsync(0)
  expect(status.getState()).toMatchObject({ state: 'reconnecting', lastError: { status: code } })
  await vi.advanceTimersByTimeAsync(119_999)
  expect(endpoint.connections).toHaveLength(0)
  await vi.advanceTimersByTimeAsync(1)
  expect(endpoint.connections).toHaveLength(1)
})

it('waits out Retry-After given as an HTTP date', async () => {
  const endpoint = createFakeEndpoint()
  const date = new Date(Date.now() + 30_000).toUTCString()
  connect({}, unavailableOnce(endpoint, date))
  await vi.advanceTimersByTimeAsync(29_000)
  expect(endpoint.connections).toHaveLength(0)
  await vi.advanceTimersByTimeAsync(1000)
  expect(endpoint.connections).toHaveLength(1)
})

it('applies Retry-After to one wait only', async () => {
  const endpoint = createFakeEndpoint()
  endpoint.respondWith(500)
  connect({}, unavailableOnce(endpoint, '60'))
  await vi.advanceTimersByTimeAsync(60_000)
  expect(endpoint.connections).toHaveLength(1)
  // The 500 that follows waits the floor again.
  await vi.advanceTimersByTimeAsync(1000)
  expect(endpoint.connections).toHaveLength(2)
})

it('never waits longer than ten minutes, whatever Retry-After says', async () => {
  const endpoint = createFakeEndpoint()
  connect({}, unavailableOnce(endpoint, String(365 * 24 * 3600)))
  await vi.advanceTimersByTimeAsync(10 * 60_000)
  expect(endpoint.connections).toHaveLength(1)
})

it('reads Retry-After as seconds or a date, and nothing else', () => {
  const now = Date.parse('2026-01-01T00:00:00Z')
  expect(retryAfterMs('7', now)).toBe(7000)
  expect(retryAfterMs(' 7 ', now)).toBe(7000)
  expect(retryAfterMs('Thu, 01 Jan 2026 00:00:09 GMT', now)).toBe(9000)
  expect(retryAfterMs('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0)
  expect(retryAfterMs(null, now)).toBeUndefined()
  expect(retryAfterMs('soon', now)).toBeUndefined()
  expect(retryAfterMs('-3', now)).toBeUndefined()
  expect(retryAfterMs('9'.repeat(100), now)).toBeUndefined()
})

it('treats a heartbeat timeout beyond what a timer holds as the longest timer, not as zero', async () => {
  const { endpoint, status } = connect({ heartbeatTimeoutMs: 3e9 })
  ;(await endpoint.connection(1)).push(hello())
  await vi.advanceTimersByTimeAsync(10_000)
  expect(endpoint.connections).toHaveLength(1)
  expect(status.getState().state).toBe('open')
})

it('waits the longest timer, not zero, when maxDelayMs is beyond what a timer holds', async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0.99)
  const { endpoint } = connect({ retry: { initialDelayMs: 1e12, maxDelayMs: 1e12 } }, undefined, [500])
  await vi.advanceTimersByTimeAsync(60_000)
  expect(endpoint.connections).toHaveLength(1)
})
