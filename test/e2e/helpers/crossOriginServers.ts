// Two origins on loopback for the cross-origin spec: a static server for a page built from
// `crossOriginPage/`, and a small SSE hub that sets only `Access-Control-Allow-Origin`/`-Credentials`
// (no preflight support), replays from `?lastEventId=` or `Last-Event-ID`, and records every request.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { aliases } from '../../../vite.config'

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })

/** Builds the page once and serves it; `origin` uses `localhost`, so the hub on `127.0.0.1` is another origin. */
export async function startPageServer() {
  const outDir = mkdtempSync(join(tmpdir(), 'rqt-cross-origin-'))
  await build({
    configFile: false,
    root: fileURLToPath(new URL('./crossOriginPage', import.meta.url)),
    resolve: { alias: aliases },
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: false },
  })
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    const file = path === '/' ? 'index.html' : path.slice(1)
    if (!/^(index\.html|assets\/[\w.-]+\.js)$/.test(file)) return void res.writeHead(404).end()
    const type = file.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8'
    res.writeHead(200, { 'Content-Type': type }).end(readFileSync(join(outDir, file)))
  })
  const port = await listen(server)
  return {
    origin: `http://localhost:${port}`,
    close: async () => {
      await closeServer(server)
      rmSync(outDir, { recursive: true, force: true })
    },
  }
}

export interface HubRequest {
  method: string
  /** The `lastEventId` query parameter, if any. */
  query: string | null
  /** The `Last-Event-ID` header, if any. */
  header: string | undefined
  origin: string | undefined
}

/** The SSE hub: events `e-1`, `e-2`… each invalidating tag `t<n>`, kept in a log for replay. */
export async function startCorsHub(allowOrigin: string) {
  const requests: Array<HubRequest> = []
  const log: Array<{ id: string; text: string }> = []
  const live = new Set<ServerResponse>()
  let hold: Array<() => void> | undefined
  let held = 0

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub')
    const query = url.searchParams.get('lastEventId')
    const header = req.headers['last-event-id'] as string | undefined
    requests.push({ method: req.method ?? '', query, header, origin: req.headers.origin })
    // No preflight support at all: a request that needs one fails in the browser.
    if (req.method !== 'GET') return void res.writeHead(405).end()
    const answer = () => {
      const from = query ?? header
      const at = from === undefined || from === null ? -1 : log.findIndex((event) => event.id === from)
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        'Access-Control-Allow-Origin': allowOrigin,
        'Access-Control-Allow-Credentials': 'true',
      })
      res.write(`event: hello\ndata: {"v":1,"replay":${at >= 0}}\n\n`)
      if (at >= 0) for (const event of log.slice(at + 1)) res.write(event.text)
      live.add(res)
      res.on('close', () => live.delete(res))
    }
    if (hold) {
      held++
      hold.push(answer)
    } else answer()
  })
  const port = await listen(server)

  return {
    url: `http://127.0.0.1:${port}/events`,
    requests,
    /** Open connections. */
    connections: () => live.size,
    /** Appends event `n` to the log and sends it to every open connection. */
    publish: (n: number) => {
      const id = `e-${n}`
      const text = `id: ${id}\nevent: invalidate\ndata: {"v":1,"tags":["t${n}"]}\n\n`
      log.push({ id, text })
      for (const res of live) res.write(text)
    },
    /** Ends every open response (the page's stream drops). */
    drop: () => {
      for (const res of live) res.end()
      live.clear()
    },
    /** Holds new requests unanswered until `release()`. */
    holdRequests: () => void (hold = []),
    heldCount: () => held,
    release: () => {
      const waiting = hold ?? []
      hold = undefined
      waiting.forEach((answer) => answer())
    },
    close: () => closeServer(server),
  }
}
