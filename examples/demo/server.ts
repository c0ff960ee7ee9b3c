// `npm start`: the demo page served by Vite, with its API embedded in the same Node process.
// `DEMO_PRODUCTION=1` builds the page for production first and serves the built files instead.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'
import { createInvalidationHub } from 'react-query-toolkit/server'
import { createServer as createViteServer } from 'vite'
import { createApi } from './api/createApi'
import { createRawStream } from './api/createRawStream'
import { createStore } from './api/store'
import type { StoreSnapshot } from './api/store'

const port = Number(process.env.PORT ?? 5173)
const host = process.env.HOST ?? '127.0.0.1'

// DEMO_DATA_FILE keeps the data across restarts (the end-to-end tests restart the server, and change the
// file while it is down as another writer to the same database would).
const dataFile = process.env.DEMO_DATA_FILE
const store = createStore(
  dataFile && existsSync(dataFile) ? (JSON.parse(readFileSync(dataFile, 'utf8')) as StoreSnapshot) : undefined,
)
if (dataFile) store.subscribe(() => writeFileSync(dataFile, JSON.stringify(store.snapshot())))
const rawStream = process.env.DEMO_E2E === '1' ? createRawStream() : undefined
const api = createApi(store)
const hub = createInvalidationHub({ heartbeatMs: 15_000 })
// Every write publishes the invalidations it causes; every open page receives them over SSE.
store.subscribe((change) => {
  hub.publish({
    ...(change.keys.length > 0 && { keys: change.keys }),
    ...(change.tags.length > 0 && { tags: change.tags }),
  })
})

const page =
  process.env.DEMO_PRODUCTION === '1' ? await (await import('./buildPage')).buildPage() : await developmentPage()

async function developmentPage() {
  const vite = await createViteServer({
    configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    root: fileURLToPath(new URL('.', import.meta.url)),
    // In CI no hot reload and no WebSocket at all: a page must not reload or log errors when the server restarts.
    server: { middlewareMode: true, ...(process.env.CI && { hmr: false, ws: false }) },
    appType: 'spa',
    logLevel: 'warn',
  })
  return {
    handle: (req: IncomingMessage, res: ServerResponse) => vite.middlewares(req, res),
    close: () => vite.close(),
  }
}

const server = createHttpServer((req, res) => {
  const path = req.url?.split('?')[0]
  if (path === '/api/stream') return void hub.handle(req, res)
  if (rawStream && path?.startsWith('/api/e2e/')) {
    return void rawStream.handle(req, res, path).then((handled) => {
      if (!handled) res.writeHead(404).end()
    })
  }
  if (path === '/api/hub/stats') {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    return void res.end(JSON.stringify(hub.stats()))
  }
  api.handle(req, res).then(
    (handled) => {
      if (!handled) page.handle(req, res)
    },
    (error: unknown) => {
      console.error(error)
      if (!res.headersSent) res.writeHead(500)
      res.end()
    },
  )
})

server.listen(port, host, () => {
  console.log(`react-query-toolkit demo on http://${host}:${port}`)
})

const shutdown = () => {
  rawStream?.close()
  void hub.close()
  server.close()
  void page.close().then(() => process.exit(0))
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
