// One fetch per browser, in Chromium: tabs of one context with an active query, the server publishes an
// invalidation on the shared stream, and with `shareFetches` the API sees one request for it instead of
// one per tab; every tab shows the new data, even when the fetching tab closes mid-request. Prints the
// requests per invalidation for 1, 2 and 5 tabs, with sharing off and on (figures, not assertions).
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from './helpers/browser'
import type { E2EBrowser } from './helpers/browser'
import { production, startShareFetchesServer } from './helpers/shareFetchesServer'
import type { ShareFetchesServer } from './helpers/shareFetchesServer'

let browser: E2EBrowser
let server: ShareFetchesServer

beforeAll(async () => {
  ;[browser, server] = await Promise.all([launchBrowser(), startShareFetchesServer()])
})

afterEach(async (context) => {
  server.release()
  await browser.finishTest(context.task)
  expect(browser.pageErrors()).toEqual([])
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const shown = (page: Page) => page.locator('#version').textContent()

async function openTabs(context: BrowserContext, count: number, share = true): Promise<Array<Page>> {
  const pages: Array<Page> = []
  for (let tab = 1; tab <= count; tab++) {
    const page = await context.newPage()
    await page.goto(`${server.origin}/?tab=${tab}${share ? '' : '&share=0'}`)
    pages.push(page)
  }
  await expect.poll(() => Promise.all(pages.map(shown))).toEqual(pages.map(() => String(server.api.version)))
  // One tab holds the stream; the others follow it.
  await expect
    .poll(async () => (await Promise.all(pages.map((page) => page.evaluate(() => window.e2eRole())))).sort())
    .toEqual([...pages.slice(1).map(() => 'follower'), 'leader'])
  return pages
}

/** Publishes a change and waits until every tab shows it; returns the requests it cost. */
async function requestsForOneChange(pages: ReadonlyArray<Page>): Promise<number> {
  const before = server.api.requests.length
  await server.change()
  const version = String(server.api.version)
  await expect.poll(() => Promise.all(pages.map(shown)), { timeout: 10_000 }).toEqual(pages.map(() => version))
  // Let any late request of a tab arrive before counting.
  await new Promise((resolve) => setTimeout(resolve, 300))
  return server.api.requests.length - before
}

describe(`shared fetches in Chromium (${production ? 'production' : 'development'} build)`, () => {
  it('makes one request for an invalidation reaching the active query in five tabs, and every tab shows the new data', async () => {
    const pages = await openTabs(await browser.newContext(), 5)
    expect(await requestsForOneChange(pages)).toBe(1)
    const updatedAt = await Promise.all(pages.map((page) => page.evaluate(() => window.e2eQuery().dataUpdatedAt)))
    expect(new Set(updatedAt).size).toBe(1)
  })

  it('ends with every tab updated when the fetching tab closes mid-request', async () => {
    const pages = await openTabs(await browser.newContext(), 5)
    const before = server.api.requests.length
    server.hold()
    await server.change()
    await expect.poll(() => server.api.requests.length - before).toBe(1)
    const fetching = Number(server.api.requests.at(-1)) - 1
    await pages[fetching]!.close()
    const rest = pages.filter((_, index) => index !== fetching)
    // A waiting tab takes over once the lock is free: its request, answered this time.
    await expect.poll(() => server.api.requests.length - before, { timeout: 15_000 }).toBe(2)
    server.release()
    const version = String(server.api.version)
    await expect.poll(() => Promise.all(rest.map(shown)), { timeout: 10_000 }).toEqual(rest.map(() => version))
    expect(server.api.requests.length - before).toBe(2)
  })

  it('prints the requests per invalidation for 1, 2 and 5 tabs, sharing off and on', async () => {
    const rows: Array<{ tabs: number; 'shareFetches off': number; 'shareFetches on': number }> = []
    // One context at a time: tabs of a context left open would hear the next change too.
    const measure = async (count: number, share: boolean) => {
      const context = await browser.newContext()
      const requests = await requestsForOneChange(await openTabs(context, count, share))
      await context.close()
      return requests
    }
    for (const count of [1, 2, 5]) {
      rows.push({
        tabs: count,
        'shareFetches off': await measure(count, false),
        'shareFetches on': await measure(count, true),
      })
    }
    console.log(`requests per invalidation (${production ? 'production' : 'development'} build, Chromium)`)
    console.table(rows)
    expect(rows.map((row) => row.tabs)).toEqual([1, 2, 5])
  })
})
