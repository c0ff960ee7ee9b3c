// Test-only (served when the demo runs with DEMO_E2E=1): an SSE endpoint whose bytes the caller writes
// verbatim, so end-to-end tests can push malformed or hostile events at the page.
import type { IncomingMessage, ServerResponse } from 'node:http'

const maxBody = 1024 * 1024

export function createRawStream() {
  const open = new Set<ServerResponse>()

  /** `GET /api/e2e/raw-stream` opens a stream; `POST /api/e2e/raw` writes its body to every open one. */
  const handle = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    if (path === '/api/e2e/raw-stream' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
      res.flushHeaders()
      open.add(res)
      res.on('close', () => open.delete(res))
      return true
    }
    if (path === '/api/e2e/raw' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ connections: open.size }))
      return true
    }
    if (path === '/api/e2e/raw' && req.method === 'POST') {
      let body = ''
      for await (const chunk of req) {
        body += chunk
        if (body.length > maxBody) break
      }
      for (const stream of open) stream.write(body)
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ written: open.size }))
      return true
    }
    return false
  }

  const close = () => {
    for (const stream of open) stream.end()
    open.clear()
  }

  return { handle, close }
}
