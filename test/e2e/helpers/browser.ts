// Headless Chromium from the system (never downloaded), the contexts a test opens, their page errors,
// and screenshots of every open page when a test fails.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const artifacts = fileURLToPath(new URL('../../../.e2e-artifacts', import.meta.url))

const launchArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface E2EBrowser {
  /** A new context (its own IndexedDB, storage, locks and channels), closed by `finishTest`. */
  newContext: () => Promise<BrowserContext>
  /** Uncaught errors of every page opened so far in this test. */
  pageErrors: () => Array<string>
  /** Screenshots every open page when the test failed, then closes the test's contexts. */
  finishTest: (test: { name: string; result?: { state: string } }) => Promise<void>
  close: () => Promise<void>
}

export async function launchBrowser(): Promise<E2EBrowser> {
  const browser: Browser = await chromium.launch({ executablePath: chromiumPath, args: launchArgs })
  const contexts = new Set<BrowserContext>()
  let errors: Array<string> = []

  const track = (page: Page) => {
    page.on('pageerror', (error) => {
      // Vite's dev client always tries its WebSocket; the demo turns that server off under test so that
      // a server restart cannot reload the page. Its failed attempt is not an error of the page.
      if (error.message === 'WebSocket closed without opened.') return
      errors.push(`${page.url()}: ${error.message}`)
    })
  }

  const screenshot = async (name: string) => {
    mkdirSync(artifacts, { recursive: true })
    const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)
    let index = 0
    for (const context of contexts) {
      for (const page of context.pages()) {
        index++
        await page
          .screenshot({ path: join(artifacts, `${slug}-${index}.png`), fullPage: true, timeout: 5_000 })
          .catch(() => {})
      }
    }
  }

  return {
    newContext: async () => {
      const context = await browser.newContext()
      contexts.add(context)
      context.on('page', track)
      return context
    },
    pageErrors: () => errors,
    finishTest: async (test) => {
      try {
        if (test.result?.state === 'fail') await screenshot(test.name)
      } finally {
        const open = [...contexts]
        contexts.clear()
        errors = []
        await Promise.all(open.map((context) => context.close().catch(() => {})))
      }
    },
    close: async () => {
      await Promise.all([...contexts].map((context) => context.close().catch(() => {})))
      contexts.clear()
      await browser.close()
    },
  }
}
