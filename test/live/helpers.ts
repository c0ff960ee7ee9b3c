// Test helpers for the live entry: a scripted in-memory SSE endpoint behind a fake `fetch`, SSE
// formatting, a fake Web Locks implementation, and cache seeding.
import { QueryClient } from '@tanstack/react-query'
import type { QueryKey } from '@tanstack/react-query'
import { connectInvalidationStream } from '../../src/live'
import type { InvalidationStream, InvalidationStreamOptions, TabLocks } from '../../src/live'

export interface FakeConnection {
  /** The URL asked for (with any `lastEventId` query parameter). */
  url: string
  headers: Headers
  signal: AbortSignal | undefined
  push: (text: string) => void
  end: () => void
}

/** A fake `fetch` for a stream endpoint: each call is one connection the test writes to. */
export function createFakeEndpoint() {
  const connections: Array<FakeConnection> = []
  const statuses: Array<number> = []
  const waiters: Array<(connection: FakeConnection) => void> = []
  const encoder = new TextEncoder()

  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const status = statuses.shift() ?? 200
    let controller!: ReadableStreamDefaultController<Uint8Array>
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) })
    const connection: FakeConnection = {
      url: String(input),
      headers: new Headers(init?.headers),
      signal: init?.signal ?? undefined,
      push: (text) => {
        try {
          controller.enqueue(encoder.encode(text))
        } catch {
          // the client cancelled this connection
        }
      },
      end: () => {
        try {
          controller.close()
        } catch {
          // already cancelled
        }
      },
    }
    connections.push(connection)
    waiters.splice(0).forEach((resolve) => resolve(connection))
    if (status !== 200) return new Response(null, { status })
    return new Response(body, { status, headers: { 'Content-Type': 'text/event-stream' } })
  }

  return {
    fetch: fetch as typeof globalThis.fetch,
    connections,
    /** Status codes for the next connections, in order (200 after they run out). */
    respondWith: (...codes: Array<number>) => void statuses.push(...codes),
    /** Resolves with the `count`-th connection (1-based) once it exists. */
    connection: (count: number) =>
      new Promise<FakeConnection>((resolve) => {
        const check = () => {
          const found = connections[count - 1]
          if (found) resolve(found)
          else waiters.push(check)
        }
        check()
      }),
  }
}

/** One SSE event as text. */
export function sse(event: string, data: unknown, id?: string): string {
  const body = typeof data === 'string' ? data : JSON.stringify(data)
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${body}\n\n`
}

export const hello = (replay = true) => sse('hello', { v: 1, replay })

/** A Web Locks stand-in: one holder per name, waiters granted in order, abortable while waiting. */
export function createFakeLocks(): TabLocks & { holders: () => number; requests: () => number } {
  const queues = new Map<string, Array<() => void>>()
  let held = 0
  let requests = 0
  return {
    holders: () => held,
    requests: () => requests,
    request: (name, options, callback) =>
      new Promise((resolve, reject) => {
        requests++
        const queue = queues.get(name) ?? []
        queues.set(name, queue)
        const grant = () => {
          held++
          void callback().then(() => {
            held--
            queue.shift()
            queue[0]?.()
            resolve(undefined)
          })
        }
        options.signal?.addEventListener('abort', () => {
          const at = queue.indexOf(grant)
          if (at > 0) {
            queue.splice(at, 1)
            reject(new DOMException('aborted', 'AbortError'))
          }
        })
        queue.push(grant)
        if (queue.length === 1) grant()
      }),
  }
}

/** A client holding one fetched, observer-less query per key. */
export function seededClient(keys: Array<QueryKey>): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } })
  for (const key of keys) client.setQueryData(key, { key })
  return client
}

export const isInvalidated = (client: QueryClient, key: QueryKey) =>
  client.getQueryCache().find({ queryKey: key, exact: true })?.state.isInvalidated ?? false

/** Lets pending I/O callbacks, microtasks and zero-delay timers run. */
export const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 5))

const openStreams: Array<InvalidationStream> = []

/** Connects `client` (solo, no jitter) to a fake endpoint at `http://test/stream`; close with `closeStreams()`. */
export function connectToFakeEndpoint(client: QueryClient, options: Partial<InvalidationStreamOptions> = {}) {
  const endpoint = createFakeEndpoint()
  const stream = connectInvalidationStream(client, {
    url: 'http://test/stream',
    share: false,
    jitterMs: 0,
    fetch: endpoint.fetch,
    ...options,
  })
  openStreams.push(stream)
  return { stream, endpoint }
}

export function closeStreams(): void {
  for (const stream of openStreams.splice(0)) stream.close()
}
