// The set-up every browser test file shares: the demo server, Chromium and the API client, started
// once per file and closed after it, with a screenshot of every open page when a test fails.
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { launchBrowser } from './browser'
import type { E2EBrowser } from './browser'
import { demoApi, openDemo, waitForStreamState } from './demoPage'
import type { DemoApi } from './demoPage'
import { startDemoServer } from './demoServer'
import type { DemoServer } from './demoServer'

export interface DemoSuite {
  server: DemoServer
  browser: E2EBrowser
  api: DemoApi
  /** Opens `count` tabs of the demo (refetch jitter off) and waits until each has its stream open. */
  openTabs: (context: BrowserContext, count: number) => Promise<Array<Page>>
}

export function useDemoSuite(): DemoSuite {
  const suite = {
    openTabs: async (context, count) => {
      const pages: Array<Page> = []
      for (let index = 0; index < count; index++) {
        const page = await openDemo(context, suite.server.url, '?jitter=0')
        await waitForStreamState(page, 'open')
        pages.push(page)
      }
      return pages
    },
  } as DemoSuite

  beforeAll(async () => {
    suite.server = await startDemoServer()
    suite.api = demoApi(suite.server.url)
    suite.browser = await launchBrowser()
  })

  afterEach(async ({ task }) => {
    await suite.api.control({ delayMs: 0, failWrites: 0, refuseWrites: 0 }).catch(() => {})
    await suite.browser.finishTest(task)
  })

  afterAll(async () => {
    await suite.browser?.close()
    await suite.server?.stop()
  })

  return suite
}
