// @vitest-environment node
// The `cors` option: preflights, CORS headers on the stream for allowed origins only, and resuming by query.
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createInvalidationHub, isInvalidationHubError, memoryBus, type InvalidationHubOptions } from '../../src/server'
import { named, openStream, startHubServer, type HubServer } from './hubServer'
import { rawExchange, rawGet } from './rawHttp'

const app = 'https://app.example.com'
const cleanups: Array<() => unknown> = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function serve(options: InvalidationHubOptions): Promise<HubServer> {
  const server = await startHubServer(options)
  cleanups.push(() => server.close())
  return server
}

function preflight(url: string, origin: string, requestHeaders = 'last-event-id'): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': requestHeaders,
    },
  })
}

describe('preflight', () => {
  it('answers 204 to an allowed origin with Last-Event-ID and the configured headers allowed', async () => {
    const { url } = await serve({ cors: { origins: [app], allowHeaders: ['Authorization'], maxAge: 120 } })
    const response = await preflight(url, app, 'authorization, last-event-id')
    expect(response.status).toBe(204)
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'access-control-allow-origin': app,
      'access-control-allow-methods': 'GET',
      'access-control-allow-headers': 'Last-Event-ID, Authorization',
      'access-control-max-age': '120',
      vary: 'Origin',
    })
    expect(response.headers.get('access-control-allow-credentials')).toBeNull()
  })

  it('allows credentials when asked to', async () => {
    const { url } = await serve({ cors: { origins: [app], credentials: true } })
    const response = await preflight(url, app)
    expect(response.headers.get('access-control-allow-credentials')).toBe('true')
  })

  it('answers 403 without CORS headers to an origin not allowed', async () => {
    const { url } = await serve({ cors: { origins: [app], credentials: true } })
    const response = await preflight(url, 'https://evil.example.com')
    expect(response.status).toBe(403)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
    expect(response.headers.get('access-control-allow-credentials')).toBeNull()
    expect(response.headers.get('vary')).toBe('Origin')
  })

  it('decides with an origins function, and treats a throwing one as a refusal', async () => {
    const { url } = await serve({
      cors: {
        origins: (origin) => {
          if (origin.includes('boom')) throw new Error('boom')
          return origin.endsWith('.example.com')
        },
      },
    })
    expect((await preflight(url, app)).status).toBe(204)
    expect((await preflight(url, 'https://boom.example.org')).status).toBe(403)
  })

  it('answers 405 to OPTIONS when no cors option is set', async () => {
    const { url } = await serve({})
    expect((await preflight(url, app)).status).toBe(405)
  })
})

describe('the stream across origins', () => {
  it('carries Access-Control-Allow-Origin and -Credentials for an allowed origin', async () => {
    const { url } = await serve({ cors: { origins: [app], credentials: true } })
    const reader = await openStream(url, { Origin: app })
    cleanups.push(() => reader.close())
    expect(reader.response.status).toBe(200)
    expect(reader.response.headers.get('access-control-allow-origin')).toBe(app)
    expect(reader.response.headers.get('access-control-allow-credentials')).toBe('true')
    expect(reader.response.headers.get('vary')).toBe('Origin')
  })

  it('carries no CORS headers for an origin not allowed', async () => {
    const { url } = await serve({ cors: { origins: [app], credentials: true } })
    const reader = await openStream(url, { Origin: 'https://evil.example.com' })
    cleanups.push(() => reader.close())
    expect(reader.response.headers.get('access-control-allow-origin')).toBeNull()
    expect(reader.response.headers.get('access-control-allow-credentials')).toBeNull()
  })

  it('never echoes a malformed Origin, even when the origins function allows everything', async () => {
    const { url } = await serve({ cors: { origins: () => true } })
    const reader = await openStream(url, { Origin: 'https://a.example.com/path?x' })
    cleanups.push(() => reader.close())
    expect(reader.response.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('lets an allowed origin read a refusal', async () => {
    const { url } = await serve({ cors: { origins: [app] }, authorize: () => false })
    const response = await fetch(url, { headers: { Origin: app } })
    expect(response.status).toBe(401)
    expect(response.headers.get('access-control-allow-origin')).toBe(app)
  })

  it('exposes Retry-After to an allowed origin, so its page can read the delay of a 503', async () => {
    const { url, hub } = await serve({ cors: { origins: [app] }, retryAfterSeconds: 7 })
    await hub.close()
    const response = await fetch(url, { headers: { Origin: app } })
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('7')
    expect(response.headers.get('access-control-expose-headers')).toBe('Retry-After')
  })

  it('lets an allowed origin read the 503 of a stream the hub closes before its hello', async () => {
    const bus = { ...memoryBus(), head: () => new Promise<string>(() => {}) }
    cleanups.push(() => bus.close())
    const { url, hub } = await serve({ cors: { origins: [app] }, bus })
    const answer = fetch(url, { headers: { Origin: app } })
    await vi.waitFor(() => expect(hub.stats().connections).toBe(1))
    await hub.close()
    const response = await answer
    expect(response.status).toBe(503)
    expect(response.headers.get('access-control-allow-origin')).toBe(app)
    expect(response.headers.get('retry-after')).toBe('5')
  })

  it('resumes from the lastEventId query, as a cross-origin EventSource without custom headers does', async () => {
    const { url, hub } = await serve({ cors: { origins: [app] } })
    const first = await hub.publish({ tags: ['a'] })
    const second = await hub.publish({ tags: ['b'] })
    const reader = await openStream(`${url}?lastEventId=${encodeURIComponent(first)}`, { Origin: app })
    cleanups.push(() => reader.close())
    await reader.until((events) => events.some((event) => event.id === second))
    expect(reader.changes().map((event) => event.id)).toEqual([second])
    await reader.until(named('hello'))
  })
})

describe('stream requests from origins not allowed', () => {
  it('answers 403 without CORS headers and never calls authorize', async () => {
    let authorized = 0
    const { url, hub } = await serve({
      cors: { origins: [app], credentials: true },
      authorize: () => (authorized++, []),
    })
    const response = await fetch(url, { headers: { Origin: 'https://evil.example.com' } })
    expect(response.status).toBe(403)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
    expect(response.headers.get('vary')).toBe('Origin')
    expect(authorized).toBe(0)
    expect(hub.stats().connections).toBe(0)
  })

  it.each([
    ['a malformed Origin', 'https://a.example.com/path?x'],
    ['an opaque origin (null) that is not listed', 'null'],
    ['an origin the origins function throws on', 'https://boom.example.com'],
  ])('answers 403 to %s', async (_, origin) => {
    const origins = (candidate: string) => {
      if (candidate.includes('boom')) throw new Error('boom')
      return candidate === app
    }
    const { url } = await serve({ cors: { origins } })
    expect((await fetch(url, { headers: { Origin: origin } })).status).toBe(403)
  })

  it.each([
    ['two Origin headers, the first allowed', [`Origin: ${app}`, 'Origin: https://evil.example.com']],
    ['an allowed Origin padded to 8 KiB', [`Origin: ${app}${'x'.repeat(8000)}`]],
    ['an allowed Origin in other letter case', [`Origin: ${app.toUpperCase()}`]],
  ])('answers 403, echoing nothing, to %s', async (_, lines) => {
    const { server, hub } = await serve({ cors: { origins: [app], credentials: true } })
    const exchange = rawExchange((server.address() as AddressInfo).port, rawGet('/events', lines))
    cleanups.push(() => exchange.socket.destroy())
    expect(await exchange.status()).toBe(403)
    expect(exchange.text().toLowerCase()).not.toContain('access-control-allow')
    expect(hub.stats().connections).toBe(0)
  })

  it('serves a request with no Origin (a server, a same-origin GET)', async () => {
    const { url } = await serve({ cors: { origins: [app] } })
    const reader = await openStream(url)
    cleanups.push(() => reader.close())
    expect(reader.response.status).toBe(200)
  })

  it("serves a page on the hub's own origin, which some browsers name in Origin", async () => {
    const { url } = await serve({ cors: { origins: [app] } })
    const reader = await openStream(url, { Origin: new URL(url).origin })
    cleanups.push(() => reader.close())
    expect(reader.response.status).toBe(200)
    expect(reader.response.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('serves any Origin when no cors option is set, as before', async () => {
    const { url } = await serve({})
    const reader = await openStream(url, { Origin: 'https://evil.example.com' })
    cleanups.push(() => reader.close())
    expect(reader.response.status).toBe(200)
  })
})

describe('cors options', () => {
  it.each([
    ['an origin with a path', { origins: ['https://app.example.com/'] }],
    ['an origin that is not a URL', { origins: ['app.example.com'] }],
    ['origins that are not a list', { origins: 'https://app.example.com' }],
    ['a header name with a space', { origins: [app], allowHeaders: ['X Bad'] }],
    ['a header name with a line break', { origins: [app], allowHeaders: ['X-A\r\nX-B'] }],
    ['a negative maxAge', { origins: [app], maxAge: -1 }],
    ['credentials that are not a boolean', { origins: [app], credentials: 'yes' }],
  ])('throws an InvalidationHubError for %s', (_, cors) => {
    let error: unknown
    try {
      createInvalidationHub({ cors: cors as never })
    } catch (caught) {
      error = caught
    }
    expect(isInvalidationHubError(error) && error.code).toBe('invalid-options')
  })
})
