// @vitest-environment node
// Backoff, heartbeat watchdog and request options, driven by fake timers and a scripted endpoint.
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { connectInvalidationStream } from '../../src/live'
import type { InvalidationStream, InvalidationStreamOptions } from '../../src/live'
import { backoffDelay } from '../../src/live/internal/backoffDelay'
import { createFakeEndpoint, hello, seededClient, sse } from './helpers'

let stream: InvalidationStream | undefined

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  stream?.close()
  stream = undefined
  vi.useRealTimers()
  vi.restoreAllMocks()
})

function connect(options: Partial<InvalidationStreamOptions> = {}, statuses: Array<number> = []) {
  const endpoint = createFakeEndpoint()
  endpoint.respondWith(...statuses)
  stream = connectInvalidationStream(seededClient([]), {
    url: 'http://test/stream',
    share: false,
    fetch: endpoint.fetch,
    ...options,
  })
  return { endpoint, status: stream.status }
}

it('draws backoff delays with full jitter above the floor, below a capped exponential bound', () => {
  const backoff = { baseMs: 1000, minMs: 0, maxMs: 30_000 }
  expect(backoffDelay(0, backoff, () => 0.5)).toBe(500)
  expect(backoffDelay(3, backoff, () => 0.5)).toBe(4000)
  expect(backoffDelay(10, backoff, () => 0.5)).toBe(15_000)
  expect(backoffDelay(5000, backoff, () => 0.999)).toBeLessThan(30_000)
  expect(backoffDelay(2, backoff, () => 0)).toBe(0)
  expect(backoffDelay(2, { ...backoff, minMs: 700 }, () => 0)).toBe(700)
  expect(backoffDelay(0, { ...backoff, minMs: 700 }, () => 0.5)).toBe(1200)
})

it('waits longer after each failed attempt, up to the cap', async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0.9)
  const { endpoint } = connect({ retry: { initialDelayMs: 100, maxDelayMs: 350, minDelayMs: 0 } }, [500, 500, 500, 500])
  await vi.advanceTimersByTimeAsync(0)
  expect(endpoint.connections).toHaveLength(1)
  // 0.9 of the bound: attempt 0 waits 90 ms, attempt 1 180 ms, attempt 2 0.9 × min(400, 350) = 315 ms
  for (const [wait, expected] of [
    [85, 1],
    [10, 2],
    [170, 2],
    [15, 3],
    [300, 3],
    [20, 4],
  ] as const) {
    await vi.advanceTimersByTimeAsync(wait)
    expect(endpoint.connections).toHaveLength(expected)
  }
})

it('drops a silent connection after heartbeatTimeoutMs and reconnects', async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0)
  const { endpoint, status } = connect({ heartbeatTimeoutMs: 1000, retry: { minDelayMs: 0 } })
  const first = await endpoint.connection(1)
  first.push(hello())
  await vi.advanceTimersByTimeAsync(999)
  expect(endpoint.connections).toHaveLength(1)
  await vi.advanceTimersByTimeAsync(1)
  expect(status.getState().lastError).toMatchObject({ code: 'heartbeat-timeout' })
  expect(first.signal?.aborted).toBe(true)
  await vi.advanceTimersByTimeAsync(1)
  expect(endpoint.connections).toHaveLength(2)
})

it('keeps a connection that sends pings or comments within the heartbeat timeout', async () => {
  const { endpoint, status } = connect({ heartbeatTimeoutMs: 1000 })
  const first = await endpoint.connection(1)
  first.push(hello())
  for (let i = 0; i < 5; i++) {
    await vi.advanceTimersByTimeAsync(800)
    first.push(i % 2 ? ': keep-alive\n\n' : sse('ping', { v: 1 }))
  }
  await vi.advanceTimersByTimeAsync(800)
  expect(endpoint.connections).toHaveLength(1)
  expect(status.getState().state).toBe('open')
})

it('times out a connection attempt that never answers', async () => {
  const endpoint = createFakeEndpoint()
  const hanging = vi.fn(
    (_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
  )
  stream = connectInvalidationStream(seededClient([]), {
    url: 'http://test/stream',
    share: false,
    heartbeatTimeoutMs: 500,
    fetch: hanging as typeof fetch,
  })
  await vi.advanceTimersByTimeAsync(500)
  expect(stream.status.getState()).toMatchObject({ state: 'reconnecting', retryCount: 1 })
  expect(endpoint.connections).toHaveLength(0)
})

it('sends cookies only with withCredentials', async () => {
  const seen: Array<RequestCredentials | undefined> = []
  const endpoint = createFakeEndpoint()
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    seen.push(init?.credentials)
    return endpoint.fetch(input, init)
  }) as typeof globalThis.fetch
  stream = connectInvalidationStream(seededClient([]), {
    url: 'http://a/s',
    share: false,
    fetch,
    withCredentials: true,
  })
  await vi.advanceTimersByTimeAsync(0)
  stream.close()
  stream = connectInvalidationStream(seededClient([]), { url: 'http://a/s', share: false, fetch })
  await vi.advanceTimersByTimeAsync(0)
  expect(seen).toEqual(['include', 'same-origin'])
})

it('reconnect() skips a pending backoff wait and resets the retry count', async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0.9)
  const { endpoint, status } = connect({ retry: { initialDelayMs: 60_000 } }, [500])
  await vi.advanceTimersByTimeAsync(0)
  expect(status.getState().retryCount).toBe(1)
  stream?.reconnect()
  await vi.advanceTimersByTimeAsync(0)
  expect(endpoint.connections).toHaveLength(2)
  ;(await endpoint.connection(2)).push(hello())
  await vi.advanceTimersByTimeAsync(0)
  expect(status.getState()).toMatchObject({ state: 'open', retryCount: 0 })
})

it('retries when the headers getter never settles, calling it again after the heartbeat timeout', async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0)
  let calls = 0
  const endpoint = createFakeEndpoint()
  stream = connectInvalidationStream(seededClient([]), {
    url: 'http://test/stream',
    share: false,
    fetch: endpoint.fetch,
    heartbeatTimeoutMs: 5000,
    headers: () => (++calls === 1 ? new Promise<HeadersInit>(() => {}) : { Authorization: 'Bearer fresh' }),
  })
  await vi.advanceTimersByTimeAsync(5000)
  expect(stream.status.getState()).toMatchObject({ state: 'reconnecting', lastError: { code: 'heartbeat-timeout' } })
  await vi.advanceTimersByTimeAsync(1000)
  expect((await endpoint.connection(1)).headers.get('Authorization')).toBe('Bearer fresh')
})
