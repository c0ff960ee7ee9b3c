// `npm start`: the demo page served by Vite, with its API embedded in the same Node process.
import { createServer as createHttpServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { createInvalidationHub } from 'react-query-toolkit/server'
import { createServer as createViteServer } from 'vite'
import { createApi } from './api/createApi'
import { createStore } from './api/store'

const port = Number(process.env.PORT ?? 5173)
const host = process.env.HOST ?? '127.0.0.1'

const store = createStore()
const api = createApi(store)
const hub = createInvalidationHub({ heartbeatMs: 15_000 })
// Every write publishes the invalidations it causes; every open page receives them over SSE.
store.subscribe((change) => {
  hub.publish({ ...(change.keys.length > 0 && { keys: change.keys }), ...(change.tags.length > 0 && { tags: change.tags }) })
})

const vite = await createViteServer({
  configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
  root: fileURLToPath(new URL('.', import.meta.url)),
  server: { middlewareMode: true, hmr: process.env.CI ? false : undefined },
  appType: 'spa',
  logLevel: 'warn',
})

const server = createHttpServer((req, res) => {
  const path = req.url?.split('?')[0]
  if (path === '/api/stream') return void hub.handle(req, res)
  if (path === '/api/hub/stats') {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    return void res.end(JSON.stringify(hub.stats()))
  }
  api.handle(req, res).then(
    (handled) => {
      if (!handled) vite.middlewares(req, res)
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
  void hub.close()
  server.close()
  void vite.close().then(() => process.exit(0))
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
