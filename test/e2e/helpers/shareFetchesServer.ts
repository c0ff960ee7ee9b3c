// One origin for the shared-fetch spec: the page built from `shareFetchesPage/` (production build, or the
// development one with DEMO_PRODUCTION=0, as the demo suite), the real invalidation hub at `/events`, and
// `/api/counter`, which answers `{ version }` after a delay, counts every request (and which tab made it),
// and can hold requests unanswered until released.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { createInvalidationHub, memoryBus } from '../../../src/server'
import { aliases } from '../../../vite.config'

export const production = process.env.DEMO_PRODUCTION !== '0'

export async function startShareFetchesServer({ delayMs = 150 } = {}) {
  const outDir = mkdtempSync(join(tmpdir(), 'rqt-share-fetches-'))
  const mode = production ? 'production' : 'development'
  await build({
    configFile: false,
    mode,
    root: fileURLToPath(new URL('./shareFetchesPage', import.meta.url)),
    resolve: { alias: aliases },
    define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: production },
  })
  const bus = memoryBus()
  const hub = createInvalidationHub({ bus })
  const api = {
    version: 1,
    /** Requests to `/api/counter`, by the `tab` that made each. */
    requests: [] as Array<string>,
    held: undefined as Array<() => void> | undefined,
  }
  const answerCounter = (res: ServerResponse) => {
    const body = JSON.stringify({ version: api.version })
    setTimeout(() => {
      if (api.held) api.held.push(() => res.end(body))
      else res.end(body)
    }, delayMs)
  }
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://page')
    if (url.pathname === '/events') return void hub.handle(req, res)
    if (url.pathname === '/api/counter') {
      api.requests.push(url.searchParams.get('tab') ?? '?')
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
      return answerCounter(res)
    }
    const file = url.pathname === '/' ? 'index.html' : url.pathname.slice(1)
    if (!/^(index\.html|assets\/[\w.-]+\.js)$/.test(file)) return void res.writeHead(404).end()
    const type = file.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8'
    res.writeHead(200, { 'Content-Type': type }).end(readFileSync(join(outDir, file)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    origin: `http://127.0.0.1:${port}`,
    api,
    /** A new version of the counter, and the stream event that invalidates it. */
    change: async () => {
      api.version++
      await hub.publish({ keys: [['counter']] })
    },
    /** Holds `/api/counter` answers until `release()`. */
    hold: () => void (api.held = []),
    release: () => {
      const waiting = api.held ?? []
      api.held = undefined
      waiting.forEach((answer) => answer())
    },
    close: async () => {
      await hub.close()
      await bus.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      rmSync(outDir, { recursive: true, force: true })
    },
  }
}

export type ShareFetchesServer = Awaited<ReturnType<typeof startShareFetchesServer>>
