// The transport: a fetch-based Server-Sent Events reader that keeps one connection alive, with headers
// from an async getter on every attempt, `Last-Event-ID` resumption, backoff and a heartbeat watchdog.
import { createParser } from 'eventsource-parser'
import type { EventSourceMessage } from 'eventsource-parser'
import { InvalidationStreamError } from '../InvalidationStreamError'
import type { StreamStatusStore } from '../streamStatus'
import { backoffDelay } from './backoffDelay'

export type HeadersSource = HeadersInit | (() => HeadersInit | Promise<HeadersInit>)

export interface EventStreamOptions {
  url: string
  headers: HeadersSource | undefined
  withCredentials: boolean
  initialDelayMs: number
  maxDelayMs: number
  heartbeatTimeoutMs: number
  fetch: typeof fetch
  status: StreamStatusStore
  /** A new connection answered 200. */
  onOpen: () => void
  onEvent: (message: EventSourceMessage) => void
}

export interface EventStream {
  close: () => void
  /** Drops the current connection or wait and connects again now, with a fresh retry count. */
  reconnect: () => void
}

// A guard against unbounded buffering only; the protocol's 64 KiB limit is checked per event later,
// so an oversized event is dropped and counted while the connection keeps going.
const maxBufferSize = 1024 * 1024

export function openEventStream(options: EventStreamOptions): EventStream {
  const { status } = options
  let baseDelay = options.initialDelayMs
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
        if (options.heartbeatTimeoutMs > 0) {
          heartbeat = setTimeout(
            () => abort.abort(new InvalidationStreamError('heartbeat timeout')),
            options.heartbeatTimeoutMs,
          )
        }
      }
      try {
        const source = options.headers
        const headers = new Headers(typeof source === 'function' ? await source() : source)
        if (!active) return 'stop'
        headers.set('Accept', 'text/event-stream')
        const lastEventId = status.getState().lastEventId
        if (lastEventId) headers.set('Last-Event-ID', lastEventId)
        watch()
        const response = await options.fetch(options.url, {
          headers,
          signal,
          cache: 'no-store',
          credentials: options.withCredentials ? 'include' : 'same-origin',
        })
        if (!active) return 'stop'
        const code = response.status
        if (code === 204 || code === 401 || code === 403) {
          status.setState({
            state: code === 204 ? 'closed' : 'unauthorized',
            lastError: code === 204 ? undefined : new InvalidationStreamError('unauthorized', code),
          })
          return 'stop'
        }
        if (code !== 200 || !response.body) return new InvalidationStreamError(`HTTP ${code}`, code)
        status.setState({ state: 'open' })
        options.onOpen()
        let fresh = true
        const parser = createParser({
          maxBufferSize,
          onEvent: (message) => {
            if (fresh) {
              fresh = false
              status.setState({ retryCount: 0 })
            }
            options.onEvent(message)
          },
          onRetry: (ms) => {
            baseDelay = ms
          },
          onError: (error) => {
            if (error.type === 'max-buffer-size-exceeded') throw error
          },
        })
        const reader = response.body.getReader()
        // A body stream from a custom fetch may ignore the signal: cancel the reader ourselves.
        signal.addEventListener('abort', () => void reader.cancel().catch(() => {}))
        const decoder = new TextDecoder()
        for (;;) {
          const { done, value } = await reader.read()
          if (done || !active) break
          watch()
          parser.feed(decoder.decode(value, { stream: true }))
        }
        return signal.reason ?? new InvalidationStreamError('stream ended')
      } catch (error) {
        return (signal.aborted && signal.reason) || (error as Error)
      } finally {
        clearTimeout(heartbeat)
        abort.abort()
      }
    }

    void (async () => {
      while (active) {
        const outcome = await connect()
        if (outcome === 'stop' || !active) return
        const attempt = status.getState().retryCount
        status.setState({ state: 'reconnecting', retryCount: attempt + 1, lastError: outcome })
        await sleep(backoffDelay(attempt, baseDelay, options.maxDelayMs))
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
