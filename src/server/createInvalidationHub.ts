// The invalidation hub: serves protocol v1 over Server-Sent Events to every connected client and fans out what
// the app publishes through a bus. Per-connection state is kept tiny (one object, no closures or timers) so
// that tens of thousands of idle connections stay cheap.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { encodeEventData, type RefetchType } from '../internal/protocol'
import type { BusMessage, HubEvent, InvalidationBus, PublishedEvent } from './InvalidationBus'
import { InvalidationHubError } from './InvalidationHubError'
import { comparePositions, parseEventId, type EventPosition } from './internal/eventId'
import { toEventScopes, toInvalidateEvent } from './internal/hubEvent'
import { memoryBus } from './memoryBus'

/** Decides whether a request may open a stream, and which scopes it holds. */
export type AuthorizeFn = (
  req: IncomingMessage,
) => ReadonlyArray<string> | false | Promise<ReadonlyArray<string> | false>

export interface InvalidationHubOptions {
  /**
   * Events kept for replay by the default memory bus. Ignored when you pass a `bus` (size that bus instead).
   * @default 1000
   * @example createInvalidationHub({ replay: 5000 })
   */
  replay?: number
  /**
   * Interval of the `ping` heartbeat sent to every connection (one shared timer for all of them). Keep it
   * below the client's heartbeat timeout and below any proxy's idle timeout.
   * @default 25000
   * @example createInvalidationHub({ heartbeatMs: 15_000 })
   */
  heartbeatMs?: number
  /**
   * Called once per connection attempt (may be async). Return the connection's scopes (`[]` for none) or
   * `false` to refuse it with 401. A throw or rejection answers 500. Without it every request is accepted
   * with no scopes (it then receives only unscoped events).
   * @default undefined
   * @example
   * authorize: async (req) => {
   *   const user = await sessions.fromCookie(req.headers.cookie)
   *   return user ? [`org:${user.orgId}`, `user:${user.id}`] : false
   * }
   */
  authorize?: AuthorizeFn
  /**
   * Where events are ordered, given ids, shared with other hubs and kept for replay.
   * A bus you pass is yours: `hub.close()` leaves it open.
   * @default memoryBus({ replay })
   * @example createInvalidationHub({ bus: redisBus({ url: process.env.REDIS_URL }) })
   */
  bus?: InvalidationBus
  /**
   * Open streams (plus those being authorized) above which new requests get 503 with `Retry-After`.
   * @default Infinity
   * @example createInvalidationHub({ maxConnections: 20_000 })
   */
  maxConnections?: number
  /**
   * A connection whose unsent bytes (`res.writableLength`) exceed this when the hub next writes to it is
   * dropped; the client reconnects and replays from its last id. Keep it several times the largest event.
   * @default 262144 (256 KiB)
   * @example createInvalidationHub({ maxBufferedBytes: 1024 * 1024 })
   */
  maxBufferedBytes?: number
  /**
   * Reconnection delay suggested to clients with an SSE `retry:` field in front of `hello`. Clients apply
   * their own backoff on top. Unset: no `retry:` field is sent.
   * @default undefined
   * @example createInvalidationHub({ retryMs: 2000 })
   */
  retryMs?: number
  /**
   * Seconds sent in `Retry-After` with a 503 (over `maxConnections`, hub closed, bus unavailable).
   * @default 5
   * @example createInvalidationHub({ retryAfterSeconds: 30 })
   */
  retryAfterSeconds?: number
}

/** What to invalidate; `keys`, `tags` or both. Validated against the protocol v1 limits. */
export interface PublishInput {
  /**
   * Query keys (prefixes unless `exact`), as JSON values.
   * @default []
   * @example { keys: [['projects', 'list', 'o1']] }
   */
  keys?: ReadonlyArray<ReadonlyArray<unknown>>
  /**
   * Tags; every query holding one is invalidated.
   * @default []
   * @example { tags: ['project:p1'] }
   */
  tags?: ReadonlyArray<string>
  /**
   * Match keys exactly instead of as prefixes.
   * @default false
   * @example { keys: [['projects', 'detail', 'p1']], exact: true }
   */
  exact?: boolean
  /**
   * Which matching queries clients refetch.
   * @default 'active'
   * @example { tags: ['static:countries'], refetch: 'none' }
   */
  refetch?: RefetchType
  /**
   * Only connections holding at least one of these scopes receive the event (live and in replay).
   * Without scopes every connection does.
   * @default []
   * @example { tags: ['project:p1'], scopes: ['org:o1'] }
   */
  scopes?: ReadonlyArray<string>
}

export interface InvalidationHubStats {
  /** Open streams on this hub. */
  connections: number
  /** Events published through this hub (`publish` and `reset`). */
  published: number
  /** `invalidate`, `reset` and `resync` events written to connections, replay included (pings are not counted). */
  delivered: number
  /** Connections dropped because their write buffer exceeded `maxBufferedBytes`. */
  dropped: number
}

export interface InvalidationHub {
  /** Serves one SSE request (Node `http`, or the raw request/response of a framework). Never rejects. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>
  /** Publishes an invalidation; resolves with its id. Throws `InvalidationHubError` (synchronously) on bad input. */
  publish(input: PublishInput): Promise<string>
  /** Tells the clients (of these scopes, or all) to invalidate every query. Resolves with the event's id. */
  reset(scopes?: ReadonlyArray<string>): Promise<string>
  stats(): InvalidationHubStats
  /** Ends every stream and the heartbeat, unsubscribes from the bus, and closes the bus it created. */
  close(): Promise<void>
}

/** One open stream. `pending` buffers live messages while its hello/replay is still being prepared. */
class Connection {
  pending: Array<BusMessage> | undefined = []
  /** Broadcast frames go straight to the socket as pre-framed HTTP chunks (see `write`). */
  direct = false
  /** Live events at or before this position were already covered by hello, replay or resync. */
  after: EventPosition | undefined = undefined

  constructor(
    readonly res: ServerResponse,
    readonly scopes: ReadonlyArray<string>,
  ) {}
}

/** An SSE frame, also pre-framed as one HTTP/1.1 chunk so it is encoded once for every connection. */
interface Frame {
  raw: Buffer
  chunk: Buffer
}

/** An event made ready once for every connection. */
interface PreparedEvent {
  frame: Frame
  scopes: ReadonlySet<string> | undefined
  position: EventPosition | undefined
}

const streamHeaders = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
} as const

const noScopes: ReadonlyArray<string> = Object.freeze([])
const crlf = Buffer.from('\r\n')
const pingFrame = toFrame(Buffer.from(`event: ping\ndata: ${encodeEventData({ type: 'ping' })}\n\n`))
const maxLastEventIdLength = 128

function frame(type: string, data: string, id?: string): Buffer {
  return Buffer.from(`${id === undefined ? '' : `id: ${id}\n`}event: ${type}\ndata: ${data}\n\n`)
}

function toFrame(raw: Buffer): Frame {
  return { raw, chunk: Buffer.concat([Buffer.from(`${raw.length.toString(16)}\r\n`), raw, crlf]) }
}

function prepare(event: PublishedEvent): PreparedEvent {
  const data =
    event.type === 'invalidate'
      ? encodeEventData({
          type: 'invalidate',
          keys: event.keys,
          tags: event.tags,
          exact: event.exact,
          refetch: event.refetch,
        })
      : encodeEventData({ type: 'reset' })
  return {
    frame: toFrame(frame(event.type, data, event.id)),
    scopes: event.scopes.length > 0 ? new Set(event.scopes) : undefined,
    position: parseEventId(event.id),
  }
}

function canSee(connection: Connection, scopes: ReadonlySet<string> | undefined): boolean {
  if (!scopes) return true
  for (const scope of connection.scopes) if (scopes.has(scope)) return true
  return false
}

function ignoreError(): void {
  // A write to a socket the client just closed: its `close` event removes the connection.
}

export function createInvalidationHub(options: InvalidationHubOptions = {}): InvalidationHub {
  const heartbeatMs = options.heartbeatMs ?? 25_000
  const maxConnections = options.maxConnections ?? Number.POSITIVE_INFINITY
  const maxBufferedBytes = options.maxBufferedBytes ?? 256 * 1024
  const retryAfter = String(options.retryAfterSeconds ?? 5)
  const authorize = options.authorize
  const retryField = options.retryMs === undefined ? '' : `retry: ${Math.max(0, Math.round(options.retryMs))}\n`
  assertPositive('heartbeatMs', heartbeatMs)
  assertPositive('maxConnections', maxConnections)
  assertPositive('maxBufferedBytes', maxBufferedBytes)

  const ownsBus = options.bus === undefined
  const bus = options.bus ?? memoryBus({ replay: options.replay ?? 1000 })
  const connections = new Map<ServerResponse, Connection>()
  let opening = 0
  let closed = false
  const counters = { published: 0, delivered: 0, dropped: 0 }

  // Shared by every connection: `this` is the response that closed.
  function onResponseClose(this: ServerResponse): void {
    connections.delete(this)
  }

  /**
   * Writes unless the connection is already too far behind, in which case it is dropped. Once a chunked
   * response has sent its headers, a frame is written to the socket as a ready-made HTTP chunk: the same
   * bytes `res.write` would produce, without its per-write chunk framing and corking, which dominates the
   * cost of fanning one event out to 10,000 sockets.
   */
  function write(connection: Connection, frame: Frame): boolean {
    const res = connection.res
    if (res.destroyed || res.writableEnded) return false
    const socket = connection.direct ? res.socket : null
    if (socket?.destroyed) return false
    if ((socket ? socket.writableLength : res.writableLength) > maxBufferedBytes) {
      connections.delete(res)
      counters.dropped += 1
      res.destroy()
      return false
    }
    if (socket) socket.write(frame.chunk)
    else res.write(frame.raw)
    return true
  }

  function sendEvent(connection: Connection, event: PreparedEvent): void {
    if (connection.after) {
      if (event.position && comparePositions(event.position, connection.after) <= 0) return
      connection.after = undefined
    }
    if (!canSee(connection, event.scopes)) return
    if (write(connection, event.frame)) counters.delivered += 1
  }

  function sendResync(connection: Connection, head: string, bytes: Frame): void {
    connection.after = parseEventId(head)
    if (write(connection, bytes)) counters.delivered += 1
  }

  function apply(connection: Connection, message: BusMessage): void {
    switch (message.type) {
      case 'event':
        sendEvent(connection, prepare(message.event))
        return
      case 'resync':
        sendResync(connection, message.head, toFrame(resyncFrame(message.head)))
        return
    }
  }

  const unsubscribe = bus.subscribe((message) => {
    switch (message.type) {
      case 'event': {
        const event = prepare(message.event)
        for (const connection of connections.values()) {
          if (connection.pending) connection.pending.push(message)
          else sendEvent(connection, event)
        }
        return
      }
      case 'resync': {
        const bytes = toFrame(resyncFrame(message.head))
        for (const connection of connections.values()) {
          if (connection.pending) connection.pending.push(message)
          else sendResync(connection, message.head, bytes)
        }
        return
      }
    }
  })

  const heartbeat = setInterval(() => {
    for (const connection of connections.values()) {
      if (!connection.pending) write(connection, pingFrame)
    }
  }, heartbeatMs)

  function hello(id: string | undefined): Buffer {
    return Buffer.concat([Buffer.from(retryField), frame('hello', encodeEventData({ type: 'hello', replay: true }), id)])
  }

  /** Sends hello, then the replay or a resync, then whatever arrived live meanwhile. */
  async function open(connection: Connection, lastEventId: string | undefined): Promise<void> {
    const { res } = connection
    let frames: Array<Buffer>
    try {
      if (lastEventId === undefined) {
        const head = await bus.head()
        connection.after = parseEventId(head)
        frames = [hello(head)]
      } else {
        const replay = await bus.replaySince(lastEventId)
        frames = [hello(undefined)]
        if (replay.type === 'resync') {
          connection.after = parseEventId(replay.head)
          frames.push(resyncFrame(replay.head))
        } else {
          connection.after = parseEventId(lastEventId)
          for (const event of replay.events) {
            const prepared = prepare(event)
            connection.after = prepared.position
            if (canSee(connection, prepared.scopes)) frames.push(prepared.frame.raw)
          }
        }
      }
    } catch {
      // The bus cannot answer (Redis down): nothing was sent yet, so the client may simply retry.
      connections.delete(res)
      if (!res.headersSent && !res.destroyed) res.writeHead(503, { 'Retry-After': retryAfter }).end()
      return
    }
    if (res.destroyed || !connections.has(res)) return
    res.writeHead(200, streamHeaders)
    for (let index = 0; index < frames.length; index++) {
      res.write(frames[index]!)
      if (index > 0) counters.delivered += 1
    }
    // Only a chunked HTTP/1.1 response that owns its socket may take pre-framed chunks (not HTTP/1.0).
    connection.direct = res.chunkedEncoding && res.socket !== null && !res.writableEnded
    const pending = connection.pending ?? []
    connection.pending = undefined
    for (const message of pending) apply(connection, message)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (closed) return refuse(res, 503, { 'Retry-After': retryAfter })
    if (req.method !== 'GET') return refuse(res, 405, { Allow: 'GET' })
    if (connections.size + opening >= maxConnections) return refuse(res, 503, { 'Retry-After': retryAfter })
    opening += 1
    let scopes: ReadonlyArray<string> | false
    try {
      scopes = authorize ? toConnectionScopes(await authorize(req)) : noScopes
    } catch {
      return refuse(res, 500, {})
    } finally {
      opening -= 1
    }
    if (scopes === false) return refuse(res, 401, {})
    if (closed) return refuse(res, 503, { 'Retry-After': retryAfter })
    if (res.destroyed || req.socket.destroyed) return
    req.socket.setNoDelay(true)
    const connection = new Connection(res, scopes.length === 0 ? noScopes : scopes)
    connections.set(res, connection)
    res.on('close', onResponseClose)
    res.on('error', ignoreError)
    await open(connection, lastEventIdOf(req))
  }

  function publish(input: PublishInput): Promise<string> {
    if (closed) throw new InvalidationHubError('closed', 'publish() after close()')
    const event = toInvalidateEvent(input)
    counters.published += 1
    return bus.publish(event)
  }

  function reset(scopes?: ReadonlyArray<string>): Promise<string> {
    if (closed) throw new InvalidationHubError('closed', 'reset() after close()')
    const event: HubEvent = { type: 'reset', scopes: toEventScopes(scopes) }
    counters.published += 1
    return bus.publish(event)
  }

  async function close(): Promise<void> {
    if (closed) return
    closed = true
    clearInterval(heartbeat)
    unsubscribe()
    const responses = [...connections.keys()]
    connections.clear()
    for (const res of responses) {
      // A stream still preparing its hello has sent nothing yet: tell that client to come back later.
      if (res.headersSent) res.end()
      else refuse(res, 503, { 'Retry-After': retryAfter })
    }
    // Let the final chunk leave (writes are corked until the next tick), then free the sockets: the app's
    // server would otherwise keep them as idle keep-alive connections.
    await new Promise<void>((resolve) => setImmediate(resolve))
    for (const res of responses) res.destroy()
    if (ownsBus) await bus.close()
  }

  return {
    handle,
    publish,
    reset,
    stats: () => ({ connections: connections.size, ...counters }),
    close,
  }
}

function resyncFrame(head: string): Buffer {
  return frame('resync', encodeEventData({ type: 'resync' }), head)
}

function refuse(res: ServerResponse, status: number, headers: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return
  res.writeHead(status, { ...headers, 'Content-Length': '0' }).end()
}

function lastEventIdOf(req: IncomingMessage): string | undefined {
  const header = req.headers['last-event-id']
  let id = typeof header === 'string' ? header : undefined
  if (!id && req.url?.includes('lastEventId=')) {
    id = new URL(req.url, 'http://hub.invalid').searchParams.get('lastEventId') ?? undefined
  }
  if (!id) return undefined
  // An absurd id cannot be one of ours: keep it short and let the bus answer `resync`.
  return id.length > maxLastEventIdLength ? id.slice(0, maxLastEventIdLength) : id
}

function toConnectionScopes(value: unknown): ReadonlyArray<string> | false {
  if (value === false) return false
  if (!Array.isArray(value) || !value.every((scope) => typeof scope === 'string')) {
    throw new InvalidationHubError('invalid-options', 'authorize() must return an array of scope strings or false')
  }
  return value as ReadonlyArray<string>
}

function assertPositive(name: string, value: number): void {
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new InvalidationHubError('invalid-options', `${name} must be a positive number, got ${String(value)}`)
  }
}
