// The transport: a fetch-based Server-Sent Events reader that keeps one connection alive, with headers
// from an async getter on every attempt, resumption (`Last-Event-ID` or `?lastEventId=`), backoff with a
// floor, `Retry-After`, and a heartbeat watchdog. The network is a trust boundary: a response that is not
// an event stream, or a body of lines that are not SSE, fails the attempt after bounded work.
import { createParser } from 'eventsource-parser'
import type { EventSourceMessage } from 'eventsource-parser'
import { InvalidationStreamError, isInvalidationStreamError } from '../InvalidationStreamError'
import type { HeadersSource } from '../connectInvalidationStream'
import type { StreamStatusStore } from '../streamStatus'
import { backoffDelay } from './backoffDelay'
import { createLineEndingNormalizer } from './lineEndings'
import { retryAfterMs } from './retryAfter'
import { streamRequest } from './streamRequest'
import { MAX_TIMER_MS } from '../../time'

/** The connection fields of `InvalidationStreamOptions` (defaults documented there). */
export interface EventStreamOptions {
  url: string
  headers?: HeadersSource
  withCredentials?: boolean
  retry?: { initialDelayMs?: number; maxDelayMs?: number; minDelayMs?: number }
  heartbeatTimeoutMs?: number
  fetch?: typeof fetch
}

export interface EventStream {
  close: () => void
  /** Drops the current connection or wait and connects again now, with a fresh retry count. */
  reconnect: () => void
}

// A guard against unbounded buffering only; the protocol's 64 KiB limit is checked per event later,
// so an oversized event is dropped and counted while the connection keeps going.
const maxBufferSize = 1024 * 1024

/**
 * Lines that are not SSE (unknown fields, a bad `retry:`) allowed between two events. The parser builds
 * an Error for each, so a body of junk lines would cost a stack capture per line: past this budget the
 * attempt fails instead, and the rest of the body is never read.
 */
export const MAX_JUNK_LINES = 1000

/** The backoff floor unless `retry.minDelayMs` says otherwise. */
export const DEFAULT_MIN_DELAY_MS = 1000

/**
 * A finite number of milliseconds in [0, MAX_TIMER_MS]; `fallback` otherwise. A longer timer would fire at
 * once: a huge timeout or backoff would turn into a hot loop.
 */
const millis = (value: unknown, fallback: number) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.min(value, MAX_TIMER_MS) : fallback

function mediaType(response: Response): string {
  return (response.headers.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase()
}

/** What `get` returns, or the signal's reason once it aborts, whichever comes first. */
function untilAborted<T>(get: () => T | Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true })
    Promise.resolve().then(get).then(resolve, reject)
  })
}

/** `onOpen`: a new connection answered 200 with an event stream. */
export function openEventStream(
  options: EventStreamOptions,
  status: StreamStatusStore,
  onOpen: () => void,
  onEvent: (message: EventSourceMessage) => void,
): EventStream {
  const { url, headers: source, withCredentials, retry, fetch: request } = options
  const heartbeatTimeoutMs = millis(options.heartbeatTimeoutMs, 45_000)
  const minDelayMs = millis(retry?.minDelayMs, DEFAULT_MIN_DELAY_MS)
  const maxDelayMs = Math.max(minDelayMs, millis(retry?.maxDelayMs, 30_000))
  // The server's `retry:` can move the base, never below the floor nor above the cap.
  const clampBase = (ms: number) => Math.min(maxDelayMs, Math.max(minDelayMs, ms))
  let baseDelay = millis(retry?.initialDelayMs, 1000)
  /** A `Retry-After` the last answer asked for, applied to the next wait only. */
  let retryAfter: number | undefined
  let stop = () => {}

  const start = () => {
    stop()
    let active = true
    let controller: AbortController | undefined
    let heartbeat: ReturnType<typeof setTimeout> | undefined
    let wake = () => {}
    stop = () => {
      active = false
      clearTimeout(heartbeat)
      controller?.abort()
      wake()
    }
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms)
        wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })

    const connect = async (): Promise<Error | 'stop'> => {
      const abort = (controller = new AbortController())
      const { signal } = abort
      // Silence (no bytes, not even a comment or ping) for this long means a dead connection.
      const watch = () => {
        clearTimeout(heartbeat)
        if (heartbeatTimeoutMs > 0) {
          heartbeat = setTimeout(
            () => abort.abort(new InvalidationStreamError('heartbeat-timeout')),
            heartbeatTimeoutMs,
          )
        }
      }
      try {
        // The watchdog covers the headers getter too: a token refresh that never settles is retried.
        watch()
        const custom = new Headers(typeof source === 'function' ? await untilAborted(source, signal) : source)
        if (!active) return 'stop'
        const target = streamRequest(url, custom, status.getState().lastEventId)
        // The global is looked up per attempt, so a fetch patched after connecting is used.
        const response = await (request ?? fetch)(target.url, {
          headers: target.headers,
          signal,
          cache: 'no-store',
          credentials: withCredentials ? 'include' : 'same-origin',
        })
        if (!active) return 'stop'
        const code = response.status
        if (code === 204 || code === 401 || code === 403) {
          status.setState({
            state: code === 204 ? 'closed' : 'unauthorized',
            lastError:
              code === 204 ? undefined : new InvalidationStreamError('unauthorized', undefined, { status: code }),
          })
          return 'stop'
        }
        if (code === 503 || code === 429) retryAfter = retryAfterMs(response.headers.get('Retry-After'))
        if (code !== 200 || !response.body)
          return new InvalidationStreamError('bad-status', `bad-status: HTTP ${code}`, { status: code })
        const type = mediaType(response)
        if (type !== 'text/event-stream') {
          // A login page, a proxy's error page, JSON: not a stream, whatever its status says.
          const got =
            process.env.NODE_ENV !== 'production' &&
            `expected text/event-stream, got ${type.slice(0, 64) || 'no Content-Type'}`
          return new InvalidationStreamError('not-event-stream', got || undefined, { status: code })
        }
        status.setState({ state: 'open' })
        onOpen()
        let fresh = true
        let junk = 0
        const parser = createParser({
          maxBufferSize,
          onEvent: (message) => {
            junk = 0
            if (fresh) {
              fresh = false
              status.setState({ retryCount: 0 })
            }
            onEvent(message)
          },
          onRetry: (ms) => {
            baseDelay = clampBase(ms)
          },
          onError: (error) => {
            if (error.type === 'max-buffer-size-exceeded')
              throw new InvalidationStreamError('event-too-large', undefined, { cause: error })
            // Thrown out of the parser's loop: the rest of the chunk is not parsed.
            if (++junk > MAX_JUNK_LINES)
              throw new InvalidationStreamError('not-event-stream', undefined, { status: code })
          },
        })
        const reader = response.body.getReader()
        // A body stream from a custom fetch may ignore the signal: cancel the reader ourselves.
        signal.addEventListener('abort', () => void reader.cancel().catch(() => {}))
        const decoder = new TextDecoder()
        const toLF = createLineEndingNormalizer()
        for (;;) {
          const { done, value } = await reader.read()
          if (done || !active) break
          watch()
          parser.feed(toLF(decoder.decode(value, { stream: true })))
        }
        return signal.reason ?? new InvalidationStreamError('stream-ended')
      } catch (error) {
        const failure: unknown = (signal.aborted && signal.reason) || error
        // Every `lastError` is one class with a code; a fetch's TypeError or a headers source's own error is the cause.
        return isInvalidationStreamError(failure)
          ? failure
          : new InvalidationStreamError('connection-failed', undefined, { cause: failure })
      } finally {
        clearTimeout(heartbeat)
        abort.abort()
      }
    }

    void (async () => {
      while (active) {
        retryAfter = undefined
        const outcome = await connect()
        if (outcome === 'stop' || !active) return
        const attempt = status.getState().retryCount
        status.setState({ state: 'reconnecting', retryCount: attempt + 1, lastError: outcome })
        const minMs = Math.max(minDelayMs, retryAfter ?? 0)
        await sleep(Math.min(MAX_TIMER_MS, backoffDelay(attempt, { baseMs: baseDelay, minMs, maxMs: maxDelayMs })))
        if (active) status.setState({ state: 'connecting' })
      }
    })()
  }

  start()
  return {
    close: () => stop(),
    reconnect: () => {
      status.setState({ state: 'connecting', retryCount: 0 })
      start()
    },
  }
}
