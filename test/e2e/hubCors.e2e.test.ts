// The real hub (`createInvalidationHub` + `memoryBus()`) on one origin, the toolkit's live client in a page on
// another, in headless Chromium: its `cors` option lets the page open the stream, send auth headers and resume
// after a drop or a reload with nothing missed, and keeps pages of other origins out.
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { InvalidationHubOptions } from '../../src/server'
import { launchBrowser } from './helpers/browser'
import type { E2EBrowser } from './helpers/browser'
import { startPageServer } from './helpers/crossOriginServers'
import { startRealHub } from './helpers/realHubServer'
import type { RealHub } from './helpers/realHubServer'

let browser: E2EBrowser
let pages: Awaited<ReturnType<typeof startPageServer>>
let hub: RealHub | undefined

beforeAll(async () => {
  pages = await startPageServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await pages?.close()
})

afterEach(async (context) => {
  await browser.finishTest(context.task)
  await hub?.close()
  hub = undefined
})

const tags = (page: Page) => page.evaluate(() => window.e2eTags)
const status = (page: Page) => page.evaluate(() => window.e2eStatus())
const resyncs = (page: Page) => page.evaluate(() => window.e2eResyncs)
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `t${from + i}`)
const methods = (server: RealHub) => server.requests.map((request) => request.method)
const streamRequests = (server: RealHub) => server.requests.filter((request) => request.method === 'GET')

async function startHub(options: Omit<InvalidationHubOptions, 'bus'>): Promise<RealHub> {
  hub = await startRealHub(options)
  expect(new URL(hub.origin).origin).not.toBe(pages.origin)
  return hub
}

/** Opens the page against `server`; `query` adds page options (`&auth=t`, `&credentials`). */
async function openPage(server: RealHub, query = ''): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`${pages.origin}/?stream=${encodeURIComponent(server.url)}${query}`)
  return page
}

async function openStreamPage(server: RealHub, query = ''): Promise<Page> {
  const page = await openPage(server, query)
  await expect.poll(() => status(page)).toMatchObject({ state: 'open' })
  return page
}

describe('a hub whose cors option only allows the page origin, and a page with no custom headers', () => {
  it('resumes after the connection drops, with every event and no preflight', async () => {
    const server = await startHub({ cors: { origins: [pages.origin] } })
    const page = await openStreamPage(server)
    await server.publish()
    const second = await server.publish()
    await expect.poll(() => tags(page)).toEqual(range(1, 2))

    server.holdRequests()
    server.drop()
    // The page's new request waits while events 3 and 4 are published with no page connected.
    await expect.poll(() => server.heldCount()).toBe(1)
    await expect.poll(() => server.hub.stats().connections).toBe(0)
    await server.publish()
    await server.publish()
    server.release()
    await expect.poll(() => tags(page)).toEqual(range(1, 4))
    await server.publish()
    await expect.poll(() => tags(page)).toEqual(range(1, 5))

    expect(methods(server)).toEqual(['GET', 'GET'])
    const resumed = streamRequests(server)[1]!
    expect(new URL(resumed.url, server.origin).searchParams.get('lastEventId')).toBe(second)
    expect(resumed.headers['last-event-id']).toBeUndefined()
    expect(resumed.headers.origin).toBe(pages.origin)
    expect(await resyncs(page)).toBe(0)
    expect(browser.pageErrors()).toEqual([])
  })

  it('resumes from the point kept in localStorage after a reload, with every event and no preflight', async () => {
    const server = await startHub({ cors: { origins: [pages.origin] } })
    const page = await openStreamPage(server)
    await server.publish()
    const second = await server.publish()
    await expect.poll(() => tags(page)).toEqual(range(1, 2))

    server.holdRequests()
    await page.reload()
    await expect.poll(() => server.heldCount()).toBe(1)
    await expect.poll(() => server.hub.stats().connections).toBe(0)
    await server.publish()
    const fourth = await server.publish()
    server.release()
    await expect.poll(() => tags(page)).toEqual(range(3, 4))
    expect(await status(page)).toMatchObject({ state: 'open', lastEventId: fourth })

    expect(methods(server)).toEqual(['GET', 'GET'])
    const resumed = streamRequests(server)[1]!
    expect(new URL(resumed.url, server.origin).searchParams.get('lastEventId')).toBe(second)
    expect(resumed.headers['last-event-id']).toBeUndefined()
    expect(await resyncs(page)).toBe(0)
    expect(browser.pageErrors()).toEqual([])
  })
})

describe('a hub that allows credentials and the Authorization header, and a page that sends a token', () => {
  const authorize = (req: { headers: { authorization?: string } }) =>
    req.headers.authorization === 'Bearer t' ? [] : false
  const options = () => ({
    cors: { origins: [pages.origin], credentials: true, allowHeaders: ['authorization'] },
    authorize,
  })

  it('gets its preflight answered and opens the stream with the token', async () => {
    const server = await startHub(options())
    const page = await openStreamPage(server, '&auth=t&credentials')
    await server.publish()
    await expect.poll(() => tags(page)).toEqual(['t1'])

    const [preflight, stream] = server.requests
    expect(preflight).toMatchObject({ method: 'OPTIONS' })
    expect(preflight!.headers['access-control-request-method']).toBe('GET')
    expect(preflight!.headers['access-control-request-headers']).toContain('authorization')
    expect(stream).toMatchObject({ method: 'GET', headers: { authorization: 'Bearer t', origin: pages.origin } })
    expect(browser.pageErrors()).toEqual([])
  })

  it('resumes after a drop with the Last-Event-ID header, with every event', async () => {
    const server = await startHub(options())
    const page = await openStreamPage(server, '&auth=t&credentials')
    await server.publish()
    const second = await server.publish()
    await expect.poll(() => tags(page)).toEqual(range(1, 2))

    server.holdRequests()
    server.drop()
    await expect.poll(() => server.heldCount()).toBe(1)
    await expect.poll(() => server.hub.stats().connections).toBe(0)
    await server.publish()
    await server.publish()
    server.release()
    await expect.poll(() => tags(page)).toEqual(range(1, 4))
    await server.publish()
    await expect.poll(() => tags(page)).toEqual(range(1, 5))

    const streams = streamRequests(server)
    expect(streams).toHaveLength(2)
    expect(streams.map((request) => request.headers.authorization)).toEqual(['Bearer t', 'Bearer t'])
    expect(streams[1]!.headers['last-event-id']).toBe(second)
    // With custom headers the request is preflighted anyway, so the id stays out of the URL.
    expect(new URL(streams[1]!.url, server.origin).searchParams.has('lastEventId')).toBe(false)
    expect(await resyncs(page)).toBe(0)
    expect(browser.pageErrors()).toEqual([])
  })

  it('resumes after a reload from the point kept in localStorage, with the Last-Event-ID header', async () => {
    const server = await startHub(options())
    const page = await openStreamPage(server, '&auth=t&credentials')
    await server.publish()
    const second = await server.publish()
    await expect.poll(() => tags(page)).toEqual(range(1, 2))

    server.holdRequests()
    await page.reload()
    await expect.poll(() => server.heldCount()).toBe(1)
    await expect.poll(() => server.hub.stats().connections).toBe(0)
    await server.publish()
    await server.publish()
    server.release()
    await expect.poll(() => tags(page)).toEqual(range(3, 4))

    const resumed = streamRequests(server)[1]!
    expect(resumed.headers).toMatchObject({ authorization: 'Bearer t', 'last-event-id': second })
    expect(await resyncs(page)).toBe(0)
    expect(browser.pageErrors()).toEqual([])
  })

  it('stays closed, as unauthorized, when the token is wrong', async () => {
    const server = await startHub(options())
    const page = await openPage(server, '&auth=wrong&credentials')
    // The 401 carries the CORS headers, so the page can read it and stop instead of retrying blindly.
    await expect.poll(() => status(page)).toMatchObject({ state: 'unauthorized' })
    expect(server.hub.stats().connections).toBe(0)
  })
})

describe('a hub that allows credentials and authorizes by cookie, on another origin of the same site', () => {
  // Chromium blocks third-party cookies, so a cookie session across origins needs them on one site, as
  // app.example.com and events.example.com are: here the page on localhost:<port>, the hub on localhost:<port2>.
  it("opens the stream with the hub's cookie from a page that asks for credentials, and resumes with it", async () => {
    const authorize = (req: { headers: { cookie?: string } }) => (req.headers.cookie === 'session=s1' ? [] : false)
    const server = await startHub({ cors: { origins: [pages.origin], credentials: true }, authorize })
    const hubUrl = new URL(server.url)
    hubUrl.hostname = 'localhost'
    expect(hubUrl.origin).not.toBe(pages.origin)
    const context = await browser.newContext()
    await context.addCookies([{ name: 'session', value: 's1', domain: 'localhost', path: '/', sameSite: 'Lax' }])
    const page = await context.newPage()
    await page.goto(`${pages.origin}/?stream=${encodeURIComponent(hubUrl.href)}&credentials`)
    await expect.poll(() => status(page)).toMatchObject({ state: 'open' })
    const first = await server.publish()
    await expect.poll(() => tags(page)).toEqual(['t1'])

    server.drop()
    await server.publish()
    await expect.poll(() => tags(page)).toEqual(range(1, 2))

    expect(methods(server)).toEqual(['GET', 'GET'])
    const resumed = streamRequests(server)[1]!
    expect(resumed.headers.cookie).toBe('session=s1')
    expect(new URL(resumed.url, server.origin).searchParams.get('lastEventId')).toBe(first)
    expect(await resyncs(page)).toBe(0)
    expect(browser.pageErrors()).toEqual([])
  })
})

describe('a page on an origin the hub does not allow', () => {
  const elsewhere = 'http://app.example.com'

  it('never opens the stream without custom headers, and the hub registers no stream', async () => {
    let authorized = 0
    const server = await startHub({ cors: { origins: [elsewhere] }, authorize: () => (authorized++, []) })
    const page = await openPage(server)
    await expect.poll(() => streamRequests(server).length).toBeGreaterThanOrEqual(2)
    const { state, lastError } = await status(page)
    expect(state).not.toBe('open')
    expect(lastError).toBeDefined()
    // A simple GET reaches the hub whatever the page's origin: the hub refuses it (403) before `authorize`.
    expect(authorized).toBe(0)
    expect(server.hub.stats().connections).toBe(0)
  })

  it('never opens the stream with custom headers: the preflight is refused and no GET is sent', async () => {
    const server = await startHub({ cors: { origins: [elsewhere], allowHeaders: ['authorization'] } })
    const page = await openPage(server, '&auth=t')
    await expect.poll(() => server.requests.length).toBeGreaterThanOrEqual(2)
    const { state, lastError } = await status(page)
    expect(state).not.toBe('open')
    expect(lastError).toBeDefined()
    expect(new Set(methods(server))).toEqual(new Set(['OPTIONS']))
    expect(server.hub.stats().connections).toBe(0)
  })
})

describe('a page that sends a header the hub does not allow', () => {
  it('never opens the stream: the preflight is answered but the browser refuses the header', async () => {
    const server = await startHub({ cors: { origins: [pages.origin] } })
    const page = await openPage(server, '&auth=t')
    await expect.poll(() => server.requests.length).toBeGreaterThanOrEqual(2)
    const { state, lastError } = await status(page)
    expect(state).not.toBe('open')
    expect(lastError).toBeDefined()
    expect(new Set(methods(server))).toEqual(new Set(['OPTIONS']))
    expect(server.hub.stats().connections).toBe(0)
  })
})

describe('a page that asks for credentials from a hub that does not allow them', () => {
  it('never opens the stream: the browser refuses a credentialed answer without -Allow-Credentials', async () => {
    const server = await startHub({ cors: { origins: [pages.origin] } })
    const page = await openPage(server, '&credentials')
    await expect.poll(() => streamRequests(server).length).toBeGreaterThanOrEqual(2)
    const { state, lastError } = await status(page)
    expect(state).not.toBe('open')
    expect(lastError).toBeDefined()
  })
})

describe('a hub that asks a page on another origin to come back later', () => {
  it('lets the page read Retry-After on its 503, so the live client waits as asked', async () => {
    const server = await startHub({ cors: { origins: [pages.origin] }, maxConnections: 1, retryAfterSeconds: 7 })
    // The page's own stream takes the only slot.
    const page = await openStreamPage(server)
    // Read as the live client reads it: a cross-origin fetch sees only the response headers CORS exposes.
    const seen = await page.evaluate(async (url) => {
      const response = await fetch(url, { headers: { Accept: 'text/event-stream' }, cache: 'no-store' })
      return { status: response.status, retryAfter: response.headers.get('Retry-After') }
    }, server.url)
    expect(seen).toEqual({ status: 503, retryAfter: '7' })
  })
})
