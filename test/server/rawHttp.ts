// Test helper: a raw TCP client that writes request bytes verbatim (no URL or header checks on our side).
import { createConnection, type Socket } from 'node:net'

export interface RawExchange {
  socket: Socket
  /** Everything received so far, as latin1 text. */
  text(): string
  /** The status code once the status line has arrived. */
  status(): Promise<number>
  /** Resolves when the server has closed the connection. */
  closed: Promise<void>
}

export function rawExchange(port: number, request: string | Buffer): RawExchange {
  const socket = createConnection({ port, host: '127.0.0.1' })
  let text = ''
  const waiters = new Set<() => void>()
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1')
    for (const waiter of waiters) waiter()
  })
  socket.on('error', () => {})
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  socket.write(request)
  return {
    socket,
    text: () => text,
    closed,
    status() {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = /^HTTP\/1\.[01] (\d{3})/.exec(text)
          if (!match) return
          waiters.delete(check)
          resolve(Number(match[1]))
        }
        waiters.add(check)
        void closed.then(() => reject(new Error(`closed before a status line; got ${JSON.stringify(text)}`)))
        check()
      })
    },
  }
}

/** A GET with the given target and extra header lines, as raw bytes. */
export function rawGet(target: string, headerLines: Array<string> = []): string {
  return [`GET ${target} HTTP/1.1`, 'Host: 127.0.0.1', ...headerLines, '', ''].join('\r\n')
}
