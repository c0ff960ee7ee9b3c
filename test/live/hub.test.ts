// @vitest-environment node
// The stream client against the real invalidation hub from `react-query-toolkit/server` on 127.0.0.1.
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, expect, it, vi } from 'vitest'
import { connectInvalidationStream } from '../../src/live'
import type { InvalidationStream } from '../../src/live'
import { createInvalidationHub } from '../../src/server'
import type { InvalidationHub, InvalidationHubOptions } from '../../src/server'
import { isInvalidated, seededClient } from './helpers'

let hub: InvalidationHub | undefined
let server: Server | undefined
let stream: InvalidationStream | undefined

afterEach(async () => {
  stream?.close()
  server?.closeAllConnections()
  await hub?.close()
  await new Promise((resolve) => server?.close(resolve))
  stream = hub = server = undefined
})

async function start(options: InvalidationHubOptions = {}) {
  hub = createInvalidationHub({ heartbeatMs: 60_000, ...options })
  const current = hub
  server = createServer((req, res) => void current.handle(req, res))
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}

it('invalidates what the hub publishes', async () => {
  const url = await start()
  const client = seededClient([['projects', 'list', 'o1'], ['users']])
  stream = connectInvalidationStream(client, { url, share: false, jitterMs: 0 })
  await vi.waitFor(() => expect(stream?.status.getState().received).toBeGreaterThan(0))
  await hub?.publish({ keys: [['projects', 'list']] })
  await vi.waitFor(() => expect(isInvalidated(client, ['projects', 'list', 'o1'])).toBe(true))
  expect(isInvalidated(client, ['users'])).toBe(false)
})

it('resumes from its last id after a drop without invalidating everything', async () => {
  const url = await start()
  const client = seededClient([['a'], ['b']])
  stream = connectInvalidationStream(client, {
    url,
    share: false,
    jitterMs: 0,
    retry: { initialDelayMs: 20, minDelayMs: 0 },
  })
  await vi.waitFor(() => expect(stream?.status.getState().state).toBe('open'))
  await vi.waitFor(() => expect(stream?.status.getState().received).toBeGreaterThan(0))
  await hub?.publish({ keys: [['zzz']] })
  await vi.waitFor(() => expect(stream?.status.getState().lastEventId).toBeDefined())
  server?.closeAllConnections()
  await hub?.publish({ keys: [['a']] })
  await vi.waitFor(() => expect(isInvalidated(client, ['a'])).toBe(true))
  await vi.waitFor(() => expect(stream?.status.getState()).toMatchObject({ state: 'open', retryCount: 0 }))
  expect(isInvalidated(client, ['b'])).toBe(false)
})

it('stops as unauthorized when the hub refuses the connection', async () => {
  const url = await start({ authorize: () => false })
  stream = connectInvalidationStream(seededClient([]), { url, share: false })
  await vi.waitFor(() => expect(stream?.status.getState().state).toBe('unauthorized'))
})
