// `npm run bench:browser`: persistence in real Chromium, side by side in one run. Builds a production
// bundle of `page.ts`, serves it on 127.0.0.1, prepares 1k / 10k / 100k records through each side's own
// API, then measures on freshly loaded pages, alternating the sides' order each round: first screen,
// full restore and one-query write, for the toolkit, TanStack whole-cache and TanStack fine-grained.
// Prints medians (min–max) and ratios; asserts nothing about speed, fails only when something breaks.
// Flags: `-- --sizes 1000,10000 --rounds 7`.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { Page } from 'playwright-core'
import { build } from 'vite'
import { printTable } from '../harness'
import type { Side } from './page'

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`)
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback
}
const sizes = flag('sizes', '1000,10000,100000').split(',').map(Number)
const rounds = Math.max(1, Number(flag('rounds', '7')))
// `--sides toolkit` leaves the TanStack sides out (100k records of theirs can take the page's memory).
const only = flag('sides', 'toolkit,whole,fine').split(',')
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
  fullRestore: (side: Side, count: number) => Promise<number>
  rawRead: (side: Side) => Promise<number>
  setupWrite: (side: Side, count: number) => Promise<void>
  write: (revision: number) => Promise<{ bytes: number; ownBytes: number; storedMs: number }>
}
declare const bench: Bench

const summary = (values: Array<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted[sorted.length - 1]! }
}
const ms = (value: number) => (value < 1 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0))
const cell = (values: Array<number>) => {
  const { median, min, max } = summary(values)
  return `${ms(median)} ms (${ms(min)}–${ms(max)})`
}
const ratio = (ours: Array<number>, theirs: Array<number>) =>
  `${(summary(ours).median / summary(theirs).median).toFixed(2)}×`

const names: Record<Side, string> = {
  toolkit: "toolkit, restore: 'lazy'",
  'toolkit-all': "toolkit, restore: 'all'",
  whole: 'TanStack whole-cache (persistQueryClientRestore, idb-keyval)',
  fine: 'TanStack fine-grained (experimental_createQueryPersister, idb-keyval)',
}

async function main() {
  const dir = await bundle()
  const server = await serve(dir)
  const browser = await chromium.launch({
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
  })
  try {
    const page = await browser.newPage()
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('404')) console.error(`page: ${message.text()}`)
    })
    page.on('crash', () => console.error('!! the page crashed'))
    page.on('pageerror', (error) => console.error('!! page error', error))
    const cdp = await page.context().newCDPSession(page)
    const load = async (): Promise<Page> => {
      await page.goto(server.url)
      await page.waitForFunction(() => 'bench' in window)
      return page
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
    console.log(`# Persistence in Chromium ${browser.version()}, ${rounds} alternating rounds per figure`)
    for (const count of sizes) {
      for (const side of (['toolkit', 'whole', 'fine'] as const).filter((side) => only.includes(side))) {
        if (process.env.BENCH_DEBUG) console.error(`preparing ${side} ${count}`)
        await (await load()).evaluate(([s, n]) => bench.prepare(s, n), [side, count] as const)
      }
      const first: Record<Side, Array<number>> = { toolkit: [], 'toolkit-all': [], whole: [], fine: [] }
      const ready: Record<Side, Array<number>> = { toolkit: [], 'toolkit-all': [], whole: [], fine: [] }
      const full: Record<string, Array<number>> = { 'toolkit-all': [], whole: [], fine: [] }
      const raw: Record<string, Array<number>> = { 'toolkit-all': [], whole: [], fine: [] }
      const writes: Record<string, Array<{ bytes: number; ownBytes: number; storedMs: number; mainMs: number }>> = {
        'toolkit-all': [],
        whole: [],
        fine: [],
      }
      const sides = (['toolkit', 'toolkit-all', 'whole', 'fine'] as Array<Side>).filter((side) =>
        only.includes(side === 'toolkit-all' ? 'toolkit' : side),
      )
      for (let round = 0; round < rounds; round++) {
        const order = [...sides.slice(round % sides.length), ...sides.slice(0, round % sides.length)]
        for (const side of order) {
          if (process.env.BENCH_DEBUG) console.error(`round ${round} ${side}`)
          const shown = await (await load()).evaluate(([s, n]) => bench.firstScreen(s, n), [side, count] as const)
          first[side].push(shown.shownMs)
          ready[side].push(shown.readyMs)
          if (side === 'toolkit') continue
          full[side]!.push(await (await load()).evaluate(([s, n]) => bench.fullRestore(s, n), [side, count] as const))
          raw[side]!.push(await (await load()).evaluate((s) => bench.rawRead(s), side))
          await (await load()).evaluate(([s, n]) => bench.setupWrite(s, n), [side, count] as const)
          // An empty call's task time first: what the call itself costs is taken off the write's.
          const [, idleMs] = await taskMs(() => page.evaluate(() => 0))
          const [written, mainMs] = await taskMs(() => page.evaluate((r) => bench.write(r), round + 1))
          writes[side]!.push({ ...written, mainMs: Math.max(0, mainMs - idleMs) })
        }
      }
      printTable(
        `${count.toLocaleString('en')} persisted queries: first screen (one query mounts after a reload)`,
        sides.map((side) => ({
          side: names[side],
          'until ready': cell(ready[side]),
          'shown after ready': cell(first[side]),
          'shown from start': cell(ready[side].map((r, i) => r + first[side][i]!)),
        })),
      )
      printTable(
        `${count.toLocaleString('en')} persisted queries: full restore (getQueryData returns every record)`,
        sides
          .filter((side) => side !== 'toolkit')
          .map((side) => ({
            side: names[side as Side],
            time: cell(full[side]!),
            'vs whole-cache': full.whole!.length > 0 ? ratio(full[side]!, full.whole!) : '–',
            'of which the storage read alone': cell(raw[side]!),
          })),
      )
      printTable(
        `${count.toLocaleString('en')} persisted queries: one changed query`,
        sides
          .filter((side) => side !== 'toolkit')
          .map((side) => {
            const rows = writes[side]!
            return {
              side: names[side as Side],
              'bytes written': `${summary(rows.map((w) => w.bytes)).median} (${summary(rows.map((w) => w.bytes / w.ownBytes)).median.toFixed(2)}× its own)`,
              'main thread (CDP TaskDuration, less an empty call)': cell(rows.map((w) => w.mainMs)),
              'until stored': cell(rows.map((w) => w.storedMs)),
            }
          }),
      )
    }
  } finally {
    await browser.close()
    server.close()
    await rm(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
