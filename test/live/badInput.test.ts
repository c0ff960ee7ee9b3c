// @vitest-environment node
// Every malformed event is dropped and counted, and the stream keeps applying what follows.
import { afterEach, expect, it, vi } from 'vitest'
import { connectInvalidationStream } from '../../src/live'
import type { InvalidationStream } from '../../src/live'
import { createFakeEndpoint, hello, isInvalidated, seededClient, sse, tick } from './helpers'

let stream: InvalidationStream | undefined

afterEach(() => {
  stream?.close()
  stream = undefined
})

/** Sends `bad` then a valid event; resolves with the stream's status once the valid one is applied. */
async function sendBadThenGood(bad: string) {
  const client = seededClient([['good']])
  const endpoint = createFakeEndpoint()
  stream = connectInvalidationStream(client, {
    url: 'http://test/stream',
    share: false,
    jitterMs: 0,
    fetch: endpoint.fetch,
  })
  ;(await endpoint.connection(1)).push(hello() + bad + sse('invalidate', { v: 1, keys: [['good']] }))
  await vi.waitFor(() => expect(isInvalidated(client, ['good'])).toBe(true))
  return stream.status.getState()
}

const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : [nested(depth - 1)])

it.each([
  ['data that is not JSON', sse('invalidate', '{"v":1,"keys":')],
  ['a JSON value that is not an object', sse('invalidate', '[1,2]')],
  ['a wrong protocol version', sse('invalidate', { v: 2, keys: [['a']] })],
  ['a missing protocol version', sse('reset', {})],
  ['keys that are not arrays of arrays', sse('invalidate', { v: 1, keys: ['a', 'b'] })],
  ['keys that are not an array', sse('invalidate', { v: 1, keys: 'a' })],
  ['tags that are not strings', sse('invalidate', { v: 1, tags: [1, { t: 'x' }] })],
  ['an invalidate with neither keys nor tags', sse('invalidate', { v: 1 })],
  ['an unknown refetch type', sse('invalidate', { v: 1, keys: [['a']], refetch: 'some' })],
  ['more than 1,000 keys', sse('invalidate', { v: 1, keys: Array.from({ length: 1001 }, (_, i) => [i]) })],
  ['more than 1,000 tags', sse('invalidate', { v: 1, tags: Array.from({ length: 1001 }, (_, i) => `t${i}`) })],
  ['data over 64 KiB', sse('invalidate', { v: 1, tags: ['x'], pad: 'x'.repeat(64 * 1024) })],
  ['a key nested deeper than 16', sse('invalidate', { v: 1, keys: [[nested(16)]] })],
  ['a tag over 256 characters', sse('invalidate', { v: 1, tags: ['t'.repeat(257)] })],
])('drops %s, counts it and keeps going', async (_, bad) => {
  const status = await sendBadThenGood(bad)
  expect(status.dropped).toBe(1)
  expect(status.received).toBe(2)
})

it('accepts a key nested exactly 16 deep', async () => {
  const status = await sendBadThenGood(sse('invalidate', { v: 1, keys: [[nested(14)]] }))
  expect(status.dropped).toBe(0)
})

it.each([
  ['__proto__', '{"v":1,"keys":[[{"__proto__":{"polluted":true}}]]}'],
  ['constructor', '{"v":1,"keys":[[{"constructor":{"prototype":{"polluted":true}}}]]}'],
  ['prototype', '{"v":1,"keys":[["a",{"prototype":{"polluted":true}}]]}'],
])('drops a key holding %s without polluting any prototype', async (_, data) => {
  const status = await sendBadThenGood(sse('invalidate', data))
  expect(status.dropped).toBe(1)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined()
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined()
})

it('ignores unknown event names without counting them as dropped', async () => {
  const status = await sendBadThenGood(sse('future-event', { v: 9, anything: true }) + sse('message', 'not json'))
  expect(status.dropped).toBe(0)
  expect(status.received).toBe(2)
})

it('keeps the connection open after dropping an event', async () => {
  const client = seededClient([])
  const endpoint = createFakeEndpoint()
  stream = connectInvalidationStream(client, { url: 'http://test/stream', share: false, fetch: endpoint.fetch })
  ;(await endpoint.connection(1)).push(hello() + sse('invalidate', 'nope'))
  await vi.waitFor(() => expect(stream?.status.getState().dropped).toBe(1))
  await tick()
  expect(endpoint.connections).toHaveLength(1)
  expect(stream.status.getState().state).toBe('open')
})

it("drops and counts a key the app's queryKeyHashFn cannot hash, and applies the rest of the pass", async () => {
  const client = seededClient([['good']])
  // An app's hash function that throws on some keys: exact matching hashes the event's key with it.
  const queryKeyHashFn = (key: ReadonlyArray<unknown>) => {
    if (key[0] === 'boom') throw new Error('cannot hash')
    return JSON.stringify(key)
  }
  client.setQueryDefaults(['custom'], { queryKeyHashFn })
  client.setQueryData(['custom'], 1)
  const endpoint = createFakeEndpoint()
  stream = connectInvalidationStream(client, {
    url: 'http://test/stream',
    share: false,
    jitterMs: 0,
    fetch: endpoint.fetch,
  })
  ;(await endpoint.connection(1)).push(hello() + sse('invalidate', { v: 1, keys: [['boom'], ['good']], exact: true }))
  await vi.waitFor(() => expect(isInvalidated(client, ['good'])).toBe(true))
  expect(stream.status.getState().dropped).toBe(1)
})
