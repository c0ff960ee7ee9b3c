// A page on one origin, its hub on another that sets only Access-Control-Allow-Origin/-Credentials (no
// preflight support): the stream resumes after a drop and after a reload with nothing missed, because
// with no custom headers the resume point travels as `?lastEventId=` in a simple request.
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from './helpers/browser'
import type { E2EBrowser } from './helpers/browser'
import { startCorsHub, startPageServer } from './helpers/crossOriginServers'

let browser: E2EBrowser
let pages: Awaited<ReturnType<typeof startPageServer>>
let hub: Awaited<ReturnType<typeof startCorsHub>>

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
})

const tags = (page: Page) => page.evaluate(() => window.e2eTags)
const status = (page: Page) => page.evaluate(() => window.e2eStatus())
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `t${from + i}`)

async function openPage(query = '') {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`${pages.origin}/?stream=${encodeURIComponent(hub.url)}${query}`)
  await expect.poll(() => status(page)).toMatchObject({ state: 'open' })
  return page
}

describe.each([
  ['without cookies', ''],
  ['with credentials', '&credentials'],
])('a page on another origin than its hub, %s', (_, query) => {
  it('resumes after the hub drops the stream, with no event missed and no preflight', async () => {
    hub = await startCorsHub(pages.origin)
    const page = await openPage(query)
    hub.publish(1)
    hub.publish(2)
    await expect.poll(() => tags(page)).toEqual(range(1, 2))

    hub.drop()
    // Published while the page has no connection: only a replay from e-2 delivers them.
    hub.publish(3)
    hub.publish(4)
    await expect.poll(() => tags(page)).toEqual(range(1, 4))
    hub.publish(5)
    await expect.poll(() => tags(page)).toEqual(range(1, 5))

    expect(hub.requests.map((request) => request.method)).toEqual(['GET', 'GET'])
    expect(hub.requests[1]).toMatchObject({ query: 'e-2', header: undefined, origin: pages.origin })
    expect(await page.evaluate(() => window.e2eResyncs)).toBe(0)
    expect(browser.pageErrors()).toEqual([])
  })

  it('resumes from the point kept in localStorage after a reload, with no event missed', async () => {
    hub = await startCorsHub(pages.origin)
    const page = await openPage(query)
    hub.publish(1)
    hub.publish(2)
    await expect.poll(() => tags(page)).toEqual(range(1, 2))

    // The reloaded page's request waits while events 3 and 4 are published with no page connected.
    hub.holdRequests()
    await page.reload()
    await expect.poll(() => hub.heldCount()).toBe(1)
    await expect.poll(() => hub.connections()).toBe(0)
    hub.publish(3)
    hub.publish(4)
    hub.release()
    await expect.poll(() => tags(page)).toEqual(range(3, 4))
    expect(await status(page)).toMatchObject({ state: 'open', lastEventId: 'e-4' })

    expect(hub.requests.map((request) => request.method)).toEqual(['GET', 'GET'])
    expect(hub.requests[1]).toMatchObject({ query: 'e-2', header: undefined })
    expect(await page.evaluate(() => window.e2eResyncs)).toBe(0)
    expect(browser.pageErrors()).toEqual([])
  })
})
