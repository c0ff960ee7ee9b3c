// @vitest-environment node
// The stream client against msw's `sse()` handlers (msw intercepts the global fetch the client uses).
import { EventSource } from 'eventsource'
import { http, HttpResponse, sse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest'
import { connectInvalidationStream } from '../../src/live'
import type { InvalidationStream } from '../../src/live'
import { isInvalidated, seededClient } from './helpers'

// msw's sse() needs a global EventSource, which Node 20 lacks.
Object.assign(globalThis, { EventSource })

const url = 'http://api.test/invalidations'
const server = setupServer()
let stream: InvalidationStream | undefined

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  stream?.close()
  stream = undefined
  server.resetHandlers()
})
afterAll(() => server.close())

type Events = { message: unknown; hello: unknown; invalidate: unknown }

const helloEvent = { event: 'hello', data: { v: 1, replay: true } } as const

function connect(keys: Array<Array<unknown>>, headers?: () => Promise<Record<string, string>>) {
  const client = seededClient(keys)
  stream = connectInvalidationStream(client, {
    url,
    share: false,
    jitterMs: 0,
    retry: { initialDelayMs: 1, minDelayMs: 0 },
    headers,
  })
  return client
}

it('applies an invalidate event sent by an msw sse() handler', async () => {
  server.use(
    sse<Events>(url, ({ client }) => {
      client.send(helloEvent)
      client.send({ event: 'invalidate', data: { v: 1, keys: [['todos']] }, id: '1' })
    }),
  )
  const client = connect([['todos', 1], ['users']])
  await vi.waitFor(() => expect(isInvalidated(client, ['todos', 1])).toBe(true))
  expect(isInvalidated(client, ['users'])).toBe(false)
})

it('resumes from the last id when msw closes the connection', async () => {
  const lastIds: Array<string | null> = []
  server.use(
    sse<Events>(url, ({ client, request }) => {
      lastIds.push(request.headers.get('last-event-id'))
      client.send(helloEvent)
      if (lastIds.length === 1) {
        client.send({ event: 'invalidate', data: { v: 1, tags: ['x'] }, id: 'm-3' })
        queueMicrotask(() => client.close())
      }
    }),
  )
  connect([])
  await vi.waitFor(() => expect(lastIds).toEqual([null, 'm-3']))
})

it('sends the headers from the async getter to the handler', async () => {
  const seen: Array<string | null> = []
  server.use(
    sse<Events>(url, ({ client, request }) => {
      seen.push(request.headers.get('authorization'))
      client.send(helloEvent)
    }),
  )
  connect([], async () => ({ Authorization: 'Bearer msw' }))
  await vi.waitFor(() => expect(seen).toEqual(['Bearer msw']))
})

it('stops as unauthorized when the handler answers 401', async () => {
  server.use(http.get(url, () => new HttpResponse(null, { status: 401 })))
  connect([])
  await vi.waitFor(() => expect(stream?.status.getState().state).toBe('unauthorized'))
})

it('retries after msw errors the connection', async () => {
  let calls = 0
  server.use(
    sse<Events>(url, ({ client }) => {
      calls++
      client.send(helloEvent)
      if (calls === 1) queueMicrotask(() => client.error())
    }),
  )
  connect([])
  await vi.waitFor(() => expect(calls).toBe(2))
  await vi.waitFor(() => expect(stream?.status.getState()).toMatchObject({ state: 'open', retryCount: 0 }))
})
