// The hub's plain answers (refusals, preflights) and the headers of a stream, for HTTP/1.x and HTTP/2 alike.
import type { ServerResponse } from 'node:http'

/** Headers of the event stream. `no-transform` keeps proxies from compressing (and so buffering) it. */
export function streamHeaders(httpVersionMajor: number): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache, no-transform',
    'X-Accel-Buffering': 'no',
  }
  // Connection-specific headers are forbidden in HTTP/2 (RFC 9113 §8.2.2); Node's compat API throws on them.
  if (httpVersionMajor < 2) headers.Connection = 'keep-alive'
  return headers
}

/** Answers with an empty body unless an answer was already started. */
export function refuse(res: ServerResponse, status: number, headers: Record<string, string>): void {
  if (res.headersSent || res.destroyed || res.writableEnded) return
  res.writeHead(status, { ...headers, 'Content-Length': '0' }).end()
}

/** A request the hub could not even parse: answer, and do not keep the connection for another request. */
export function refuseAndClose(res: ServerResponse, httpVersionMajor: number, headers: Record<string, string>): void {
  if (httpVersionMajor >= 2) return refuse(res, 400, headers)
  res.shouldKeepAlive = false
  refuse(res, 400, { ...headers, Connection: 'close' })
}
