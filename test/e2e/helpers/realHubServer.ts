// The real invalidation hub (`createInvalidationHub` + `memoryBus()`) behind a Node http server on its own
// origin (`127.0.0.1:<port>`), for the browser specs that check its CORS handling. Records every request the
// server sees, can hold stream requests unanswered, and can drop every open connection.
import { createServer } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createInvalidationHub, memoryBus } from '../../../src/server'
import type { InvalidationHubOptions } from '../../../src/server'

export interface SeenRequest {
  method: string
  /** The request target, e.g. `/events?lastEventId=k1.2`. */
  url: string
  headers: IncomingHttpHeaders
}

export async function startRealHub(options: Omit<InvalidationHubOptions, 'bus'>) {
  const bus = memoryBus()
  const hub = createInvalidationHub({ ...options, bus })
  const requests: Array<SeenRequest> = []
  let held: Array<() => void> | undefined
  let heldCount = 0

  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers } })
    const answer = () => void hub.handle(req, res)
    // Only stream requests wait: a preflight is answered at once, as a real server would.
    if (held && req.method === 'GET') {
      heldCount++
      held.push(answer)
    } else answer()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  let tag = 0

  return {
    hub,
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/events`,
    requests,
    /** Publishes an invalidation of tag `t<n>` for the next n (1, 2…); resolves with its id. */
    publish: () => hub.publish({ tags: [`t${++tag}`] }),
    /** Destroys every connection of the http server (the network drops; the hub sees its responses close). */
    drop: () => server.closeAllConnections(),
    /** Holds new GET requests unanswered until `release()`. */
    holdRequests: () => void (held = []),
    heldCount: () => heldCount,
    release: () => {
      const waiting = held ?? []
      held = undefined
      waiting.forEach((answer) => answer())
    },
    close: async () => {
      await hub.close()
      await bus.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export type RealHub = Awaited<ReturnType<typeof startRealHub>>
