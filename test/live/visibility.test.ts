// Coalescing per animation frame and refetching in a hidden tab (jsdom document).
import { focusManager, QueryObserver } from '@tanstack/react-query'
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { subscribeInvalidations } from '../../src/internal/invalidationEvents'
import type { InvalidationRecord } from '../../src/internal/invalidationEvents'
import { connectInvalidationStream } from '../../src/live'
import type { InvalidationStream } from '../../src/live'
import { createFakeEndpoint, hello, isInvalidated, seededClient, sse, tick } from './helpers'

let visibility: DocumentVisibilityState = 'visible'
let stream: InvalidationStream | undefined
const cleanups: Array<() => void> = []

beforeEach(() => {
  visibility = 'visible'
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility })
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => visibility === 'hidden' })
})

afterEach(() => {
  stream?.close()
  stream = undefined
  cleanups.splice(0).forEach((cleanup) => cleanup())
  vi.restoreAllMocks()
  focusManager.setFocused(undefined)
})

function setVisibility(next: DocumentVisibilityState) {
  visibility = next
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
}

async function connect(client: QueryClient) {
  const endpoint = createFakeEndpoint()
  stream = connectInvalidationStream(client, { url: '/visibility', share: false, jitterMs: 0, fetch: endpoint.fetch })
  const connection = await endpoint.connection(1)
  connection.push(hello())
  await tick()
  return connection
}

function streamRecords(client: QueryClient): Array<InvalidationRecord> {
  const records: Array<InvalidationRecord> = []
  cleanups.push(subscribeInvalidations(client, (record) => void (record.source === 'stream' && records.push(record))))
  return records
}

function watch(client: QueryClient, key: QueryKey, queryFn: () => Promise<unknown>) {
  client.setQueryData(key, 'cached')
  const observer = new QueryObserver(client, { queryKey: key, queryFn, staleTime: Infinity })
  cleanups.push(observer.subscribe(() => {}))
}

it('applies a burst that arrives in one chunk in one pass, at once', async () => {
  // No frame ever begins: the pass cannot have waited for one.
  vi.spyOn(globalThis, 'requestAnimationFrame').mockImplementation(() => 0)
  const client = seededClient([['a'], ['b']])
  const records = streamRecords(client)
  const connection = await connect(client)
  connection.push(sse('invalidate', { v: 1, keys: [['a']] }) + sse('invalidate', { v: 1, keys: [['b']] }))
  await vi.waitFor(() => expect(isInvalidated(client, ['a']) && isInvalidated(client, ['b'])).toBe(true))
  expect(records).toHaveLength(1)
})

it('holds events that follow within the same frame for the next animation frame', async () => {
  // Frames begin only when the test says so.
  const frames: Array<FrameRequestCallback> = []
  vi.spyOn(globalThis, 'requestAnimationFrame').mockImplementation((callback) => frames.push(callback))
  const nextFrame = () => frames.splice(0).forEach((callback) => callback(performance.now()))
  const client = seededClient([['a'], ['b'], ['c'], ['d']])
  const records = streamRecords(client)
  const connection = await connect(client)
  connection.push(sse('invalidate', { v: 1, keys: [['a']] }))
  await vi.waitFor(() => expect(isInvalidated(client, ['a'])).toBe(true))
  connection.push(sse('invalidate', { v: 1, keys: [['b']] }))
  connection.push(sse('invalidate', { v: 1, keys: [['c']] }))
  await tick()
  expect(isInvalidated(client, ['b'])).toBe(false)
  nextFrame()
  expect(isInvalidated(client, ['b']) && isInvalidated(client, ['c'])).toBe(true)
  expect(records).toHaveLength(2)
  // A frame without a pass has gone by: the next event is applied at once again.
  nextFrame()
  connection.push(sse('invalidate', { v: 1, keys: [['d']] }))
  await vi.waitFor(() => expect(isInvalidated(client, ['d'])).toBe(true))
  expect(records).toHaveLength(3)
})

it('uses a timer instead of a frame while the tab is hidden', async () => {
  const frame = vi.spyOn(globalThis, 'requestAnimationFrame')
  const client = seededClient([['a']])
  const connection = await connect(client)
  setVisibility('hidden')
  connection.push(sse('invalidate', { v: 1, keys: [['a']] }))
  await vi.waitFor(() => expect(isInvalidated(client, ['a'])).toBe(true))
  expect(frame).not.toHaveBeenCalled()
})

it('marks queries stale in a hidden tab and refetches them once when it becomes visible', async () => {
  const client = seededClient([])
  client.mount()
  cleanups.push(() => client.unmount())
  const queryFn = vi.fn(async () => 'fresh')
  watch(client, ['active'], queryFn)
  const connection = await connect(client)
  setVisibility('hidden')
  connection.push(sse('invalidate', { v: 1, keys: [['active']] }))
  await vi.waitFor(() => expect(isInvalidated(client, ['active'])).toBe(true))
  await tick()
  expect(queryFn).not.toHaveBeenCalled()
  setVisibility('visible')
  await vi.waitFor(() => expect(client.getQueryData(['active'])).toBe('fresh'))
  await tick()
  await tick()
  expect(queryFn).toHaveBeenCalledTimes(1)
})

it('refetches on becoming visible even where focus refetching is off', async () => {
  const client = seededClient([])
  const queryFn = vi.fn(async () => 'fresh')
  client.setQueryData(['quiet'], 'cached')
  const observer = new QueryObserver(client, {
    queryKey: ['quiet'],
    queryFn,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  })
  cleanups.push(observer.subscribe(() => {}))
  const connection = await connect(client)
  setVisibility('hidden')
  connection.push(sse('reset', { v: 1 }))
  await vi.waitFor(() => expect(isInvalidated(client, ['quiet'])).toBe(true))
  await tick()
  expect(queryFn).not.toHaveBeenCalled()
  setVisibility('visible')
  await vi.waitFor(() => expect(queryFn).toHaveBeenCalledTimes(1))
})
