// @vitest-environment node
// authorize(): the slot it holds, what it may return, and what the hub keeps of its answer.
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createInvalidationHub, type InvalidationHubOptions } from '../../src/server'
import { named, openStream, startHubServer, type HubServer, type StreamReader } from './hubServer'

const cleanups: Array<() => unknown> = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function serve(options: InvalidationHubOptions): Promise<HubServer> {
  const server = await startHubServer(options)
  cleanups.push(() => server.close())
  return server
}

async function stream(url: string): Promise<StreamReader> {
  const reader = await openStream(url)
  cleanups.push(() => reader.close())
  return reader
}

describe('authorize and maxConnections', () => {
  it('gives back the slot of a request abandoned while authorize is pending, before authorize settles', async () => {
    let calls = 0
    const hub = createInvalidationHub({
      maxConnections: 1,
      // The first request's authorize never settles; later ones answer at once.
      authorize: () => (++calls === 1 ? new Promise<never>(() => {}) : []),
    })
    const responsesClosed: Array<Promise<void>> = []
    const server = createServer((req, res: ServerResponse) => {
      responsesClosed.push(new Promise((resolve) => res.once('close', () => resolve())))
      void hub.handle(req, res)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanups.push(async () => {
      await hub.close()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    })
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`
    const abandoned = new AbortController()
    const first = fetch(url, { signal: abandoned.signal }).catch(() => undefined)
    while (calls === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    abandoned.abort()
    await first
    await responsesClosed[0]
    const reader = await stream(url)
    expect(reader.response.status).toBe(200)
    await reader.until(named('hello'))
    expect(calls).toBe(2)
  })
})

describe('what authorize returns', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['false', false],
  ])('refuses with 401 when authorize returns %s', async (_, value) => {
    const { url } = await serve({ authorize: () => value as never })
    const response = await fetch(url)
    expect(response.status).toBe(401)
  })

  it('refuses with 401 when an async authorize resolves to null', async () => {
    const { url } = await serve({ authorize: async () => null })
    expect((await fetch(url)).status).toBe(401)
  })

  it('answers 500 when authorize returns something that is not a list of scopes', async () => {
    const { url } = await serve({ authorize: () => 'org:o1' as never })
    expect((await fetch(url)).status).toBe(500)
  })

  it('copies the scopes when the stream opens: changing the returned array later leaks nothing', async () => {
    const scopes = ['org:o1']
    const { url, hub } = await serve({ authorize: () => scopes })
    const reader = await stream(url)
    await reader.until(named('hello'))
    scopes.push('org:o2')
    await hub.publish({ tags: ['secret'], scopes: ['org:o2'] })
    const marker = await hub.publish({ tags: ['mine'], scopes: ['org:o1'] })
    await reader.until((events) => events.some((event) => event.id === marker))
    expect(reader.changes().map((event) => event.id)).toEqual([marker])
  })

  it('copies the scopes: changing the returned array later does not cut the connection off either', async () => {
    const scopes = ['org:o1']
    const { url, hub } = await serve({ authorize: () => scopes })
    const reader = await stream(url)
    await reader.until(named('hello'))
    scopes.length = 0
    const id = await hub.publish({ tags: ['mine'], scopes: ['org:o1'] })
    await reader.until((events) => events.some((event) => event.id === id))
  })
})
