// A real SSE endpoint on 127.0.0.1 for transport tests: every request is queued for the test to answer.
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface SseRequest {
  req: IncomingMessage
  res: ServerResponse
  /** Answers 200 with SSE headers and writes `text`, if any. */
  open: (text?: string) => void
}

export async function startSseServer() {
  const requests: Array<SseRequest> = []
  const waiters: Array<() => void> = []
  const server = createServer((req, res) => {
    requests.push({
      req,
      res,
      open: (text) => {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' })
        res.flushHeaders()
        if (text) res.write(text)
      },
    })
    waiters.splice(0).forEach((wake) => wake())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/stream`,
    requests,
    /** Resolves with the `count`-th request (1-based) once it arrives. */
    request: (count: number) =>
      new Promise<SseRequest>((resolve) => {
        const check = () => {
          const found = requests[count - 1]
          if (found) resolve(found)
          else waiters.push(check)
        }
        check()
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
