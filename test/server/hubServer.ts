// Test helpers: a hub behind a real http server on 127.0.0.1, and an SSE reader over fetch.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createParser, type EventSourceMessage } from 'eventsource-parser'
import { createInvalidationHub } from '../../src/server'
import type { InvalidationHub, InvalidationHubOptions } from '../../src/server'

export interface HubServer {
  hub: InvalidationHub
  server: Server
  url: string
  /** `last-event-id` header of every request, in order. */
  requests: Array<string | undefined>
  /** Holds new requests until the returned function is called. */
  hold(): () => void
  /** Serves later requests from another hub (as after a server restart); closes the old one. */
  replaceHub(next: InvalidationHub): Promise<void>
  close(): Promise<void>
}

export async function startHubServer(
  options: InvalidationHubOptions = {},
  existingHub?: InvalidationHub,
): Promise<HubServer> {
  let hub = existingHub ?? createInvalidationHub(options)
  const requests: Array<string | undefined> = []
  let gate: Promise<void> | undefined
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const header = req.headers['last-event-id']
    requests.push(typeof header === 'string' ? header : undefined)
    if (gate) void gate.then(() => hub.handle(req, res))
    else void hub.handle(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    get hub() {
      return hub
    },
    server,
    url: `http://127.0.0.1:${port}/events`,
    requests,
    hold() {
      let open!: () => void
      gate = new Promise((resolve) => {
        open = resolve
      })
      return () => {
        gate = undefined
        open()
      }
    },
    async replaceHub(next) {
      const previous = hub
      hub = next
      await previous.close()
    },
    async close() {
      await hub.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export interface StreamReader {
  response: Response
  events: Array<EventSourceMessage>
  /** Resolves once `predicate` holds for the events received so far (rejects if the stream ends first). */
  until(predicate: (events: Array<EventSourceMessage>) => boolean): Promise<Array<EventSourceMessage>>
  /** Events other than `hello` and `ping`. */
  changes(): Array<EventSourceMessage>
  ended: Promise<void>
  close(): void
}

/** Opens the stream with a raw `fetch` and parses it with eventsource-parser. */
export async function openStream(url: string, headers: Record<string, string> = {}): Promise<StreamReader> {
  const controller = new AbortController()
  const response = await fetch(url, { headers, signal: controller.signal })
  const events: Array<EventSourceMessage> = []
  const waiters = new Set<() => void>()
  let done = false
  const parser = createParser({
    onEvent(event) {
      events.push(event)
      for (const waiter of waiters) waiter()
    },
  })
  const ended = (async () => {
    if (!response.body) return
    const decoder = new TextDecoder()
    try {
      const reader = response.body.getReader()
      for (;;) {
        const { done: finished, value } = await reader.read()
        if (finished) break
        parser.feed(decoder.decode(value, { stream: true }))
      }
    } catch {
      // aborted by close()
    } finally {
      done = true
      for (const waiter of waiters) waiter()
    }
  })()
  return {
    response,
    events,
    ended,
    changes: () => events.filter((event) => event.event !== 'hello' && event.event !== 'ping'),
    until(predicate) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(events)) {
            waiters.delete(check)
            resolve(events)
          } else if (done) {
            waiters.delete(check)
            reject(new Error(`stream ended; got ${JSON.stringify(events)}`))
          }
        }
        waiters.add(check)
        check()
      })
    },
    close() {
      controller.abort()
    },
  }
}

export const named = (name: string) => (events: Array<EventSourceMessage>) =>
  events.some((event) => event.event === name)

export const count = (name: string, n: number) => (events: Array<EventSourceMessage>) =>
  events.filter((event) => event.event === name).length >= n
