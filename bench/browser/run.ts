// `npm run bench:browser`: persistence in real Chromium, side by side in one run. Builds a production
// bundle of `page.ts`, serves it on 127.0.0.1, prepares 1k / 10k / 100k records through each side's own
// API, then measures on freshly loaded pages, alternating the sides' order each round: first screen,
// full restore (until the restore resolved, and until `getQueryData` returned every record) and one-query
// write, for the toolkit, TanStack whole-cache and TanStack fine-grained.
// Prints medians (min–max) and ratios; asserts nothing about speed. A side that does not finish shows
// "did not finish: <why>" in its cells; the run fails only when a side breaks for any other reason than a
// limit Chromium states (a crash, no answer within `--limit-s`, a record missing after a restore).
// Flags: `-- --sizes 1000,10000 --rounds 7 --sides toolkit,whole,fine --storage disk --limit-s 900`.
//
// Why the TanStack sides had no figures at 100k before (measured, Chromium 156, 2 cores):
// - fine-grained: its records were written with `persistQueryByKey`, which finds each query with
//   `queryCache.find`, a scan that hashes the key against every query: 0.3 ms per call at 1k, 2.5 ms at 10k,
//   27 ms at 100k (Node), so ~45 minutes of one busy page for 100k records. It now writes each query with
//   `persistQuery` (the persister's own call after a fetch): 100k records in seconds.
// - whole-cache: its one value is 136,635,110 bytes at 100k, and the IndexedDB of a default (incognito-like)
//   context, which keeps it in memory, refuses a value above 133,169,152 bytes ("UnknownError: The serialized
//   keys and/or value are too large"). `createAsyncStoragePersister` swallows a failed save, so the restore
//   found nothing and the page's first screen rejected. With a profile on disk (now the default) Chromium
//   stores the value and the side is measured; `--storage memory` shows the limit as "did not finish".
// - the toolkit's own `restoreTimeoutMs` (then a flat 5 s) cut off its first write of 100k records on disk; its
//   writes and compaction now get 1 ms more per KB they move (see page.ts).
// Memory was not the cause: no page crashed, with the default heap.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { CDPSession, Page } from 'playwright-core'
import { build } from 'vite'
import { newFigures, printFigures } from './figures'
import type { Side } from './page'

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`)
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback
}
const sizes = flag('sizes', '1000,10000,100000').split(',').map(Number)
const rounds = Math.max(1, Number(flag('rounds', '7')))
// `--sides toolkit` measures the toolkit alone (the TanStack sides need ~1 min more to prepare 100k records).
const only = flag('sides', 'toolkit,whole,fine').split(',')
// Each call in the page gets this long before the side is reported as not finished (`--limit-s`).
const limitMs = Number(flag('limit-s', '900')) * 1000
// `--storage memory` runs in a default (incognito-like) context, whose IndexedDB lives in memory: how the
// figures before 100k were taken; `disk` (default) uses a profile directory, as a user's browser does.
const storage = flag('storage', 'disk')
if (storage !== 'disk' && storage !== 'memory') throw new Error('--storage takes disk or memory')
if (sizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error('--sizes takes counts, e.g. 1000,10000')

const root = fileURLToPath(new URL('.', import.meta.url))

async function bundle(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'rqt-bench-browser-'))
  await build({
    root,
    configFile: false,
    logLevel: 'error',
    mode: 'production',
    define: { 'process.env.NODE_ENV': '"production"' },
    build: { outDir, emptyOutDir: true },
  })
  return outDir
}

function serve(dir: string) {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' }
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    const file = join(dir, path === '/' ? 'index.html' : path)
    if (!file.startsWith(dir)) return void response.writeHead(403).end()
    readFile(file).then(
      (body) =>
        response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    )
  })
  return new Promise<{ url: string; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() }),
    ),
  )
}

type Bench = {
  prepare: (side: Side, count: number) => Promise<void>
  firstScreen: (side: Side, count: number) => Promise<{ readyMs: number; shownMs: number }>
  fullRestore: (side: Side, count: number) => Promise<{ restoredMs: number; everyMs: number }>
  rawRead: (side: Side) => Promise<number>
  setupWrite: (side: Side, count: number) => Promise<void>
  write: (revision: number) => Promise<{ bytes: number; ownBytes: number; storedMs: number }>
}
declare const bench: Bench

const debug = (line: string) =>
  process.env.BENCH_DEBUG && console.error(`${new Date().toISOString().slice(11, 19)} ${line}`)

/** One line on why a call did not finish: the page's own error, or what happened to the page. */
const why = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).replace(/^page\.evaluate: /, '').split('\n')[0]!
// Chromium refusing one IndexedDB value above its size limit is a measured limit of that side, not a breakage.
const isLimit = (reason: string) => reason.includes('are too large')

async function main() {
  const dir = await bundle()
  const server = await serve(dir)
  // A profile on disk, as a user's browser has: a default (incognito-like) context keeps IndexedDB in memory.
  const profile = await mkdtemp(join(tmpdir(), 'rqt-bench-profile-'))
  const options = {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  }
  const context =
    storage === 'disk'
      ? await chromium.launchPersistentContext(profile, options)
      : await (await chromium.launch(options)).newContext()
  let broken = false
  try {
    let page: Page | undefined
    let cdp: CDPSession
    // One page at a time; a page that crashed or did not answer is closed, and the next call opens another
    // (same profile, so the prepared records stay).
    const load = async (): Promise<Page> => {
      if (!page || page.isClosed()) {
        page = await context.newPage()
        page.on('console', (message) => {
          if (message.type() === 'error' && !message.text().includes('404')) console.error(`page: ${message.text()}`)
        })
        page.on('crash', () => console.error('!! the page crashed'))
        page.on('pageerror', (error) => console.error('!! page error', error))
        cdp = await context.newCDPSession(page)
      }
      await page.goto(server.url)
      await page.waitForFunction(() => 'bench' in window)
      return page
    }
    /** One call on a freshly loaded page (or on the current one), within `--limit-s`. */
    const call = async <T>(run: (page: Page) => Promise<T>, fresh = true): Promise<T> => {
      const current = fresh ? await load() : page!
      let timer: ReturnType<typeof setTimeout> | undefined
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${limitMs / 1000} s`)), limitMs)
      })
      try {
        return await Promise.race([run(current), late])
      } catch (error) {
        await current.close().catch(() => undefined)
        throw error
      } finally {
        clearTimeout(timer)
      }
    }
    // Main-thread task time (CDP `TaskDuration`), in ms, around one call in the page.
    const taskMs = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
      await cdp.send('Performance.enable')
      const before = await cdp.send('Performance.getMetrics')
      const result = await run()
      const after = await cdp.send('Performance.getMetrics')
      const task = (m: typeof before) => m.metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0
      return [result, (task(after) - task(before)) * 1000]
    }
    const version = context.browser()?.version() ?? '(version unknown)'
    console.log(`# Persistence in Chromium ${version}, IndexedDB ${storage === 'disk' ? 'on disk' : 'in memory'}`)
    console.log(`# ${rounds} alternating rounds per figure`)
    for (const count of sizes) {
      const figures = newFigures()
      const fail = (side: Side, error: unknown) => {
        const reason = why(error)
        figures.dnf[side] ??= reason
        if (!isLimit(reason)) broken = true
        console.error(`!! ${side} at ${count}: ${reason}`)
      }
      for (const side of (['toolkit', 'whole', 'fine'] as const).filter((side) => only.includes(side))) {
        debug(`preparing ${side} ${count}`)
        try {
          await call((p) => p.evaluate(([s, n]) => bench.prepare(s, n), [side, count] as const))
        } catch (error) {
          fail(side, error)
          if (side === 'toolkit') fail('toolkit-all', error)
        }
      }
      const sides = (['toolkit', 'toolkit-all', 'whole', 'fine'] as Array<Side>).filter((side) =>
        only.includes(side === 'toolkit-all' ? 'toolkit' : side),
      )
      for (let round = 0; round < rounds; round++) {
        const order = [...sides.slice(round % sides.length), ...sides.slice(0, round % sides.length)]
        for (const side of order.filter((side) => figures.dnf[side] === undefined)) {
          debug(`round ${round} ${side}`)
          try {
            const shown = await call((p) => p.evaluate(([s, n]) => bench.firstScreen(s, n), [side, count] as const))
            figures.first[side].push(shown.shownMs)
            figures.ready[side].push(shown.readyMs)
            if (side === 'toolkit') continue
            const full = await call((p) => p.evaluate(([s, n]) => bench.fullRestore(s, n), [side, count] as const))
            figures.restored[side].push(full.restoredMs)
            figures.every[side].push(full.everyMs)
            figures.raw[side].push(await call((p) => p.evaluate((s) => bench.rawRead(s), side)))
            await call((p) => p.evaluate(([s, n]) => bench.setupWrite(s, n), [side, count] as const))
            // An empty call's task time first: what the call itself costs is taken off the write's.
            const [, idleMs] = await taskMs(() => call((p) => p.evaluate(() => 0), false))
            const [written, mainMs] = await taskMs(() =>
              call((p) => p.evaluate((r) => bench.write(r), round + 1), false),
            )
            figures.writes[side].push({ ...written, mainMs: Math.max(0, mainMs - idleMs) })
          } catch (error) {
            fail(side, error)
          }
        }
      }
      printFigures(count, sides, figures)
    }
  } finally {
    const browser = context.browser()
    await context.close()
    if (storage === 'memory') await browser?.close()
    server.close()
    await rm(dir, { recursive: true, force: true })
    await rm(profile, { recursive: true, force: true })
  }
  if (broken) {
    console.error('!! a side did not finish for a reason other than a measured limit (above)')
    process.exitCode = 1
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
