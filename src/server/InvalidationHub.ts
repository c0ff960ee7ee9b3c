// The public shape of the invalidation hub: its options, what `publish` takes, its stats and its methods.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2'
import type { RefetchType } from '../protocol/types'
import type { InvalidationBus } from './InvalidationBus'

/** Decides whether a request may open a stream, and which scopes it holds. */
export type AuthorizeFn = (req: IncomingMessage) => AuthorizeResult | Promise<AuthorizeResult>

/** The connection's scopes, or a refusal (`false`, `null` or `undefined`: 401). */
export type AuthorizeResult = ReadonlyArray<string> | false | null | undefined

/** Cross-origin access to the stream (answers preflights, adds the CORS headers for allowed origins). */
export interface CorsOptions {
  /**
   * Origins allowed to open the stream: exact origins (`scheme://host[:port]`, no path), or a function that
   * decides per request. Any other origin gets no CORS headers, and 403 to its preflight and to its stream
   * request (before `authorize`); a request without `Origin`, or from the hub's own host, is served.
   * @example cors: { origins: ['https://app.example.com'] }
   */
  origins: ReadonlyArray<string> | ((origin: string) => boolean)
  /**
   * Send `Access-Control-Allow-Credentials: true` (cookies, `EventSource({ withCredentials: true })`).
   * @default false
   * @example cors: { origins, credentials: true }
   */
  credentials?: boolean
  /**
   * Request headers a page may send besides `Last-Event-ID` (always allowed), e.g. `Authorization`.
   * @default []
   * @example cors: { origins, allowHeaders: ['Authorization'] }
   */
  allowHeaders?: ReadonlyArray<string>
  /**
   * Seconds a browser may cache a preflight answer (`Access-Control-Max-Age`).
   * @default 600
   * @example cors: { origins, maxAge: 3600 }
   */
  maxAge?: number
}

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
   * `false` (or `null`/`undefined`) to refuse it with 401. The scopes are copied when the stream opens, so
   * changing the array later changes nothing. A throw or rejection answers 500. Without it every request is accepted
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
   * dropped; the client reconnects and replays from its last id. A replay stops writing above it and goes on
   * once the client has read. Keep it several times the largest event.
   * @default 262144 (256 KiB)
   * @example createInvalidationHub({ maxBufferedBytes: 1024 * 1024 })
   */
  maxBufferedBytes?: number
  /**
   * Reconnection delay suggested to clients with an SSE `retry:` field in front of `hello`. Clients apply
   * their own backoff on top. Unset: no `retry:` field is sent. At least 250 (a smaller value would let a
   * failing server be hammered by every client): anything lower throws `InvalidationHubError`.
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
  /**
   * Lets pages on other origins open the stream with auth headers and resume (see the README's CORS section).
   * Unset: no CORS headers, and `OPTIONS` gets 405 like any other method but `GET`.
   * @default undefined
   * @example createInvalidationHub({ cors: { origins: ['https://app.example.com'], credentials: true } })
   */
  cors?: CorsOptions
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
  /** Events or ids from the bus that were not safe to frame (control characters, oversized) and were skipped. */
  rejected: number
}

export interface InvalidationHub {
  /**
   * Serves one SSE request (Node `http` or `http2` compat, or the raw request/response of a framework).
   * Never rejects and always answers: a request target that is not a path gets 400.
   */
  handle(req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse): Promise<void>
  /** Publishes an invalidation; resolves with its id. Throws `InvalidationHubError` (synchronously) on bad input. */
  publish(input: PublishInput): Promise<string>
  /** Tells the clients (of these scopes, or all) to invalidate every query. Resolves with the event's id. */
  reset(scopes?: ReadonlyArray<string>): Promise<string>
  stats(): InvalidationHubStats
  /** Ends every stream and the heartbeat, unsubscribes from the bus, and closes the bus it created. */
  close(): Promise<void>
}
