// @vitest-environment node
// The inspector's style fence in a real browser (jsdom has no cascade to speak of): a hostile page stylesheet
// leaves the panel's computed styles as they are on a plain page, and the panel's own rules leave the page's
// elements as they are without it. Skipped when Chromium is missing.
import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo, Server } from 'node:net'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const hasChromium = existsSync(chromiumPath)

// Every rule a careless or hostile page might have, all !important, on everything the panel is made of.
const HOSTILE_CSS = `
  * { color: rgb(255, 0, 0) !important; font-size: 31px !important; font-family: serif !important;
      line-height: 4 !important; letter-spacing: 3px !important; text-transform: uppercase !important; }
  aside, section, div, table, th, td, dl, dd, dt, h3, ul, li, input, select, button, strong, header {
      background: rgb(0, 255, 0) !important; border: 5px dashed blue !important; padding: 21px !important;
      margin: 13px !important; }
  .panel { display: none !important; }
  table { border-collapse: separate !important; }
`

// What the page has outside the panel, including names the panel's own rules use.
const PAGE_BODY = `
  <h3 id="outside-heading">Outside</h3>
  <div class="panel" id="outside-panel">a page element with the panel's class name</div>
  <table id="outside-table"><tr><th>head</th><td id="outside-cell">cell</td></tr></table>
  <div id="root"></div>
`

const PROPERTIES = [
  'color',
  'font-size',
  'font-family',
  'line-height',
  'letter-spacing',
  'text-transform',
  'background-color',
  'border-top-width',
  'border-top-style',
  'padding-top',
  'margin-top',
  'display',
  'border-collapse',
]

let browser: Browser
let server: Server
let origin: string

beforeAll(async () => {
  if (!hasChromium) return
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./fixtures/inspectorPage.tsx', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    jsx: 'automatic',
    tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  })
  const script = bundle.outputFiles[0]!.text
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (url.pathname === '/page.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
      return
    }
    const css = url.searchParams.get('hostile') === '1' ? `<style>${HOSTILE_CSS}</style>` : ''
    response
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        `<!doctype html><html><head>${css}</head><body>${PAGE_BODY}<script type="module" src="/page.js"></script></body></html>`,
      )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => server?.close(resolve))
})

async function open(query: string): Promise<Page> {
  const page = await browser.newPage()
  await page.goto(`${origin}/?${query}`)
  return page
}

/** Computed styles of the panel's parts, found inside the shadow root of the inspector's landmark. */
async function panelStyles(page: Page) {
  await page.waitForFunction(() => document.querySelector('aside')?.shadowRoot?.querySelector('tbody tr') != null)
  return page.evaluate((properties) => {
    const root = document.querySelector('aside')!.shadowRoot!
    const parts = {
      panel: '.panel',
      heading: 'h3',
      figure: 'dd',
      button: 'button',
      filter: 'input',
      table: 'table[aria-label="Cached queries"]',
      row: 'tbody th',
      cell: 'tbody td',
    }
    return Object.fromEntries(
      Object.entries(parts).map(([name, selector]) => {
        const style = getComputedStyle(root.querySelector(selector)!)
        return [name, Object.fromEntries(properties.map((property) => [property, style.getPropertyValue(property)]))]
      }),
    )
  }, PROPERTIES)
}

/** Computed styles of the page's own elements. */
async function pageStyles(page: Page) {
  await page.waitForFunction(() => document.getElementById('root') !== null)
  return page.evaluate((properties) => {
    return Object.fromEntries(
      ['outside-heading', 'outside-panel', 'outside-table', 'outside-cell', 'root'].map((id) => {
        const style = getComputedStyle(document.getElementById(id)!)
        return [id, Object.fromEntries(properties.map((property) => [property, style.getPropertyValue(property)]))]
      }),
    )
  }, PROPERTIES)
}

describe.skipIf(!hasChromium)('CacheInspector styles in Chromium', () => {
  it('looks the same under a hostile page stylesheet as on a plain page', async () => {
    const plain = await open('hostile=0')
    const hostile = await open('hostile=1')
    const [expected, actual] = [await panelStyles(plain), await panelStyles(hostile)]
    expect(actual).toEqual(expected)
    await plain.close()
    await hostile.close()
  })

  it('leaves the page’s own elements as they are without it, even one with the panel’s class name', async () => {
    const without = await open('inspector=0')
    const withIt = await open('inspector=1')
    await panelStyles(withIt)
    expect(await pageStyles(withIt)).toEqual(await pageStyles(without))
    await without.close()
    await withIt.close()
  })

  it('filters its query list as a person types into the filter', async () => {
    const page = await open('hostile=1')
    await panelStyles(page)
    await page.locator('aside input[type="search"]').pressSequentially('users')
    const rows = await page.locator('aside table[aria-label="Cached queries"] tbody th').allTextContents()
    expect(rows).toEqual(['["users","me"]'])
    await page.close()
  })
})
