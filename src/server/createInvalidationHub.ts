// The invalidation hub: serves protocol v1 over Server-Sent Events to every connected client and fans out what
// the app publishes through a bus. Per-connection state is kept tiny (one object, no closures or timers) so
// that tens of thousands of idle connections stay cheap.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { BusMessage, HubEvent, PublishedEvent, Replay } from './InvalidationBus'
import type { InvalidationHub, InvalidationHubOptions, PublishInput } from './InvalidationHub'
import { InvalidationHubError } from './InvalidationHubError'
import { canSee, Connection, drained, ignoreError, noScopes, toConnectionScopes } from './internal/connection'
import { comparePositions, parseEventId, type EventPosition } from './internal/eventId'
import {
  helloFrame,
  isSafeEventId,
  pingFrame,
  prepare,
  resyncFrame,
  toFrame,
  type Frame,
  type PreparedEvent,
} from './internal/frames'
import { toEventScopes, toInvalidateEvent } from './internal/hubEvent'
import { toHubSettings } from './internal/hubSettings'
import { parseRequestTarget, resumePointOf, type ResumePoint } from './internal/requestTarget'
import { refuse, refuseAndClose, streamHeaders } from './internal/responses'
import { memoryBus } from './memoryBus'

/** Live messages held for a stream still sending its hello or replay; beyond this it is dropped (it resumes). */
const maxPendingMessages = 1000

/** The first frames of a stream, and the position they cover. */
interface Start {
  hello: Buffer
  replay: Replay | undefined
  after: EventPosition | undefined
}

export function createInvalidationHub(options: InvalidationHubOptions = {}): InvalidationHub {
  const { heartbeatMs, maxConnections, maxBufferedBytes, retryAfter, retryField, authorize, cors } =
    toHubSettings(options)
  const ownsBus = options.bus === undefined
  const bus = options.bus ?? memoryBus({ replay: options.replay ?? 1000 })
  const connections = new Map<ServerResponse, Connection>()
  let opening = 0
  let closed = false
  const counters = { published: 0, delivered: 0, dropped: 0, rejected: 0 }

  // Shared by every connection: `this` is the response that closed.
  function onResponseClose(this: ServerResponse): void {
    connections.delete(this)
  }

  function drop(connection: Connection): void {
    connections.delete(connection.res)
    counters.dropped += 1
    connection.res.destroy()
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
      drop(connection)
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

  /** Prepares a live message once for every connection; `undefined` (counted) when it is not safe to frame. */
  function toLive(message: BusMessage): ((connection: Connection) => void) | undefined {
    if (message.type === 'event') {
      const event = prepare(message.event)
      return event && ((connection) => sendEvent(connection, event))
    }
    if (!isSafeEventId(message.head)) return undefined
    const bytes = toFrame(resyncFrame(message.head))
    return (connection) => sendResync(connection, message.head, bytes)
  }

  /** A stream still writing its replay queues live messages, unless it is too far behind to catch up. */
  function hold(connection: Connection, message: BusMessage): void {
    const pending = connection.pending!
    if (pending.length >= maxPendingMessages || connection.res.writableLength > maxBufferedBytes) drop(connection)
    else pending.push(message)
  }

  const unsubscribe = bus.subscribe((message) => {
    const send = toLive(message)
    if (!send) {
      counters.rejected += 1
      return
    }
    for (const connection of connections.values()) {
      if (connection.pending) hold(connection, message)
      else send(connection)
    }
  })

  const heartbeat = setInterval(() => {
    for (const connection of connections.values()) {
      if (!connection.pending) write(connection, pingFrame)
    }
  }, heartbeatMs)

  /** What to send first: the hello (with the current id for a fresh stream), then a resync or the replay. */
  async function startOf(resume: ResumePoint): Promise<Start> {
    if (resume.type === 'id') {
      const replay = await bus.replaySince(resume.id)
      if (replay.type === 'resync' && !isSafeEventId(replay.head))
        throw new InvalidationHubError('bus-failed', 'unsafe head id from the bus')
      return { hello: helloFrame(retryField, undefined), replay, after: parseEventId(resume.id) }
    }
    const head = await bus.head()
    if (!isSafeEventId(head)) throw new InvalidationHubError('bus-failed', 'unsafe head id from the bus')
    if (resume.type === 'fresh')
      return { hello: helloFrame(retryField, head), replay: undefined, after: parseEventId(head) }
    return { hello: helloFrame(retryField, undefined), replay: { type: 'resync', head }, after: undefined }
  }

  /** Writes the replay under backpressure: the next event only once the client has read the previous ones. */
  async function writeReplay(connection: Connection, events: Iterable<PublishedEvent> | AsyncIterable<PublishedEvent>) {
    const { res } = connection
    for await (const event of events) {
      if (res.destroyed || connections.get(res) !== connection) return
      const prepared = prepare(event)
      if (!prepared) {
        counters.rejected += 1
        continue
      }
      connection.after = prepared.position
      if (!canSee(connection, prepared.scopes)) continue
      counters.delivered += 1
      if (!res.write(prepared.frame.raw)) await drained(res)
    }
  }

  /** Sends hello, then the replay or a resync, then whatever arrived live meanwhile. */
  async function open(connection: Connection, req: IncomingMessage, resume: ResumePoint): Promise<void> {
    const { res } = connection
    let start: Start
    try {
      start = await startOf(resume)
    } catch {
      // The bus cannot answer (Redis down): nothing was sent yet, so the client may simply retry.
      connections.delete(res)
      refuse(res, 503, { ...corsHeaders(req), 'Retry-After': retryAfter })
      return
    }
    if (res.destroyed || !connections.has(res)) return
    res.writeHead(200, { ...corsHeaders(req), ...streamHeaders(req.httpVersionMajor) })
    res.write(start.hello)
    connection.after = start.after
    const { replay } = start
    if (replay?.type === 'resync') {
      connection.after = parseEventId(replay.head)
      res.write(resyncFrame(replay.head))
      counters.delivered += 1
    } else if (replay) {
      try {
        await writeReplay(connection, replay.events)
      } catch {
        // The bus failed (or lost events) mid-replay: end the stream after what was sent, and the client
        // resumes from the last id it got.
        connections.delete(res)
        res.end()
      }
    }
    if (res.destroyed || connections.get(res) !== connection) return
    // Only a chunked HTTP/1.1 response that owns its socket may take pre-framed chunks (not HTTP/1.0, not h2).
    connection.direct = res.chunkedEncoding && res.socket !== null && !res.writableEnded && req.httpVersionMajor === 1
    const pending = connection.pending ?? []
    connection.pending = undefined
    for (const message of pending) toLive(message)?.(connection)
  }

  function corsHeaders(req: IncomingMessage): Record<string, string> {
    return cors ? cors.headersFor(req.headers) : {}
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const version = req.httpVersionMajor
    const url = parseRequestTarget(req.url)
    if (!url) return refuseAndClose(res, version, {})
    if (cors && req.method === 'OPTIONS') {
      const preflight = cors.preflightFor(req.headers)
      return preflight ? refuse(res, 204, preflight) : refuse(res, 403, { Vary: 'Origin' })
    }
    // A page on an origin not allowed could not read the stream: refuse it before `authorize` or a slot.
    if (cors?.refuses(req.headers)) return refuse(res, 403, { Vary: 'Origin' })
    const headers = corsHeaders(req)
    if (closed) return refuse(res, 503, { ...headers, 'Retry-After': retryAfter })
    if (req.method !== 'GET') return refuse(res, 405, { ...headers, Allow: 'GET' })
    if (connections.size + opening >= maxConnections) return refuse(res, 503, { ...headers, 'Retry-After': retryAfter })
    let scopes: ReadonlyArray<string> | false
    if (authorize) {
      // The slot is held while authorize runs, and given back at once if the client goes away meanwhile.
      opening += 1
      let holding = true
      const release = () => {
        if (holding) opening -= 1
        holding = false
      }
      res.once('close', release)
      try {
        scopes = toConnectionScopes(await authorize(req))
      } catch {
        return refuse(res, 500, headers)
      } finally {
        release()
        res.off('close', release)
      }
    } else {
      scopes = noScopes
    }
    if (scopes === false) return refuse(res, 401, headers)
    if (closed) return refuse(res, 503, { ...headers, 'Retry-After': retryAfter })
    if (res.destroyed || req.socket?.destroyed) return
    req.socket?.setNoDelay?.(true)
    const connection = new Connection(res, scopes)
    connections.set(res, connection)
    res.on('close', onResponseClose)
    res.on('error', ignoreError)
    await open(connection, req, resumePointOf(req.headers, url))
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await serve(req, res)
    } catch {
      // A bug here or in the app's code must not become an unhandled rejection in a `void hub.handle(…)`.
      connections.delete(res)
      if (!res.headersSent) refuse(res, 500, {})
      else res.destroy()
    }
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
      // A stream still preparing its hello has sent nothing yet: tell that client (CORS: its page) to come back later.
      if (res.headersSent) res.end()
      else refuse(res, 503, { ...(res.req && corsHeaders(res.req)), 'Retry-After': retryAfter })
    }
    // Let the final chunk leave (writes are corked until the next tick), then free the sockets: the app's
    // server would otherwise keep them as idle keep-alive connections.
    await new Promise<void>((resolve) => setImmediate(resolve))
    for (const res of responses) res.destroy()
    if (ownsBus) await bus.close()
  }

  return {
    handle: handle as InvalidationHub['handle'],
    publish,
    reset,
    stats: () => ({ connections: connections.size, ...counters }),
    close,
  }
}
