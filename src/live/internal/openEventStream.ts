// The transport: a fetch-based Server-Sent Events reader that keeps one connection alive, with headers
// from an async getter on every attempt, `Last-Event-ID` resumption, backoff and a heartbeat watchdog.
import { createParser } from 'eventsource-parser'
import type { EventSourceMessage } from 'eventsource-parser'
import { InvalidationStreamError } from '../InvalidationStreamError'
import type { StreamStatusStore } from '../streamStatus'
import { backoffDelay } from './backoffDelay'

export type HeadersSource = HeadersInit | (() => HeadersInit | Promise<HeadersInit>)

/** The connection fields of `InvalidationStreamOptions` (defaults documented there). */
export interface EventStreamOptions {
  url: string
  headers?: HeadersSource
  withCredentials?: boolean
  retry?: { initialDelayMs?: number; maxDelayMs?: number }
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

/** `onOpen`: a new connection answered 200. */
export function openEventStream(
  options: EventStreamOptions,
  status: StreamStatusStore,
  onOpen: () => void,
  onEvent: (message: EventSourceMessage) => void,
): EventStream {
  const { url, headers: source, withCredentials, retry, heartbeatTimeoutMs = 45_000, fetch: request } = options
  const maxDelayMs = retry?.maxDelayMs ?? 30_000
  let baseDelay = retry?.initialDelayMs ?? 1000
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
          heartbeat = setTimeout(() => abort.abort(new InvalidationStreamError('heartbeat timeout')), heartbeatTimeoutMs)
        }
      }
      try {
        const headers = new Headers(typeof source === 'function' ? await source() : source)
        if (!active) return 'stop'
        headers.set('Accept', 'text/event-stream')
        const lastEventId = status.getState().lastEventId
        if (lastEventId) headers.set('Last-Event-ID', lastEventId)
        watch()
        // The global is looked up per attempt, so a fetch patched after connecting is used.
        const response = await (request ?? fetch)(url, {
          headers,
          signal,
          cache: 'no-store',
          credentials: withCredentials ? 'include' : 'same-origin',
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
        onOpen()
        let fresh = true
        const parser = createParser({
          maxBufferSize,
          onEvent: (message) => {
            if (fresh) {
              fresh = false
              status.setState({ retryCount: 0 })
            }
            onEvent(message)
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
        await sleep(backoffDelay(attempt, baseDelay, maxDelayMs))
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
