// IndexedDB as a second cache level, in Chromium: with `restore: 'lazy'` a query reads its own record
// after a reload without the rest of the cache, and an invalidation of a record that only disk holds
// reaches another tab through IndexedDB. The page is built here, for production unless
// DEMO_PRODUCTION=0 (the suite's development mode, with the package's development-only checks).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { build } from 'vite'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from './helpers/browser'
import type { E2EBrowser } from './helpers/browser'

const production = process.env.DEMO_PRODUCTION !== '0'
const src = fileURLToPath(new URL('../../src', import.meta.url))
// The page is written outside the repository: its one bare import resolves to the repository's copy.
const reactQuery = fileURLToPath(new URL('../../node_modules/@tanstack/react-query', import.meta.url))

const pageSource = `
import { QueryClient, QueryObserver } from '@tanstack/react-query'
import { invalidateKeys } from '${src}/index'
import { createIndexedDBPersister, persistQueryCache } from '${src}/persist'

const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
const connection = persistQueryCache(client, createIndexedDBPersister({ namespace: 'u1', restore: 'lazy', throttleMs: 0 }))
const keyOf = (i) => ['items', 'detail', String(i)]
let calls = 0

window.l2 = {
  seed: async (count) => {
    await connection.restored
    for (let i = 0; i < count; i++) client.setQueryData(keyOf(i), { i, from: 'disk' })
    await connection.flush()
  },
  // What useQuery does on mount: an observer that fetches when the query has no data.
  mount: async (i) => {
    await connection.restored
    const observer = new QueryObserver(client, {
      queryKey: keyOf(i),
      queryFn: async () => (calls++, { i, from: 'network' }),
      staleTime: Infinity,
    })
    const data = await new Promise((resolve) => {
      // Settled: stale data from disk shows at once, but the refetch it starts is what the test waits for.
      const check = (result) => result.data !== undefined && !result.isFetching && (unsubscribe(), resolve(result.data))
      const unsubscribe = observer.subscribe(check)
      check(observer.getCurrentResult())
    })
    return { data, calls, cached: client.getQueryCache().getAll().length }
  },
  invalidate: async (i) => {
    await connection.restored
    await invalidateKeys(client, [keyOf(i)], { refetch: 'none' })
    await connection.flush()
  },
}
`

let dir: string
let server: ReturnType<typeof createServer>
let url: string
let browser: E2EBrowser

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rqt-l2-e2e-'))
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><script type="module" src="./page.js"></script>',
  )
  await writeFile(join(dir, 'page.js'), pageSource)
  await build({
    root: dir,
    configFile: false,
    logLevel: 'error',
    mode: production ? 'production' : 'development',
    resolve: { alias: { '@tanstack/react-query': reactQuery } },
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
    build: { outDir: join(dir, 'dist'), minify: production },
  })
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    const file = join(dir, 'dist', path === '/' ? 'index.html' : path)
    readFile(file).then(
      (body) =>
        response.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(body),
      () => response.writeHead(404).end(),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  browser = await launchBrowser()
})

afterEach((context) => browser.finishTest(context.task))

afterAll(async () => {
  await browser?.close()
  server?.close()
  await rm(dir, { recursive: true, force: true })
})

interface Mounted {
  data: { i: number; from: string }
  calls: number
  cached: number
}
type L2 = {
  seed: (count: number) => Promise<void>
  mount: (i: number) => Promise<Mounted>
  invalidate: (i: number) => Promise<void>
}
declare const l2: L2

const open = async (page: Page): Promise<Page> => {
  await page.goto(url)
  await page.waitForFunction(() => 'l2' in window)
  return page
}

describe("restore: 'lazy' in Chromium", () => {
  it('shows a query its persisted data after a reload without its queryFn and without the other records', async () => {
    const context = await browser.newContext()
    const page = await open(await context.newPage())
    await page.evaluate(() => l2.seed(2_000))
    await open(page)
    const mounted = await page.evaluate(() => l2.mount(1_000))
    expect(mounted).toEqual({ data: { i: 1_000, from: 'disk' }, calls: 0, cached: 1 })
    expect(browser.pageErrors()).toEqual([])
  })

  it('lets an invalidation of a record only disk holds reach another tab that reads it later', async () => {
    const context = await browser.newContext()
    const first = await open(await context.newPage())
    await first.evaluate(() => l2.seed(50))
    // A fresh session: record 7 is only on disk when it is invalidated.
    await open(first)
    await first.evaluate(() => l2.invalidate(7))
    const second = await open(await context.newPage())
    expect(await second.evaluate(() => l2.mount(7))).toEqual({ data: { i: 7, from: 'network' }, calls: 1, cached: 1 })
    expect(await second.evaluate(() => l2.mount(8))).toMatchObject({ data: { i: 8, from: 'disk' } })
    expect(browser.pageErrors()).toEqual([])
  })
})
