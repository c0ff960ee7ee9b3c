// One open stream's state, and the small helpers that act on it without closures per connection.
import type { ServerResponse } from 'node:http'
import type { BusMessage } from '../InvalidationBus'
import type { AuthorizeResult } from '../InvalidationHub'
import { InvalidationHubError } from '../InvalidationHubError'
import type { EventPosition } from './eventId'

/** One open stream. `pending` buffers live messages while its hello/replay is still being written. */
export class Connection {
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

export const noScopes: ReadonlyArray<string> = Object.freeze([])

export function canSee(connection: Connection, scopes: ReadonlySet<string> | undefined): boolean {
  if (!scopes) return true
  for (const scope of connection.scopes) if (scopes.has(scope)) return true
  return false
}

export function ignoreError(): void {
  // A write to a socket the client just closed: its `close` event removes the connection.
}

/** Resolves once the response has flushed its buffer to the socket, or closed. */
export function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

/** The scopes `authorize` returned, copied so that a later change to the app's array leaks nothing. */
export function toConnectionScopes(value: AuthorizeResult): ReadonlyArray<string> | false {
  if (value === false || value === null || value === undefined) return false
  if (!Array.isArray(value) || !value.every((scope) => typeof scope === 'string')) {
    throw new InvalidationHubError('invalid-options', 'authorize() must return an array of scope strings or false')
  }
  return value.length === 0 ? noScopes : Object.freeze([...value])
}
