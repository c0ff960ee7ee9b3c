// The observable status of one invalidation stream: a zustand store the connection writes and the
// `useStreamStatus` hook reads.
import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'

/** Where the connection stands. `unauthorized` and `closed` wait for `reconnect()`. */
export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'closed'

/** `leader` holds the stream for every tab, a `follower` hears it from the leader, `solo` connects itself. */
export type StreamRole = 'leader' | 'follower' | 'solo'

export interface StreamStatus {
  state: StreamState
  role: StreamRole
  /** The id of the last event seen, sent as `Last-Event-ID` on the next connection. */
  lastEventId: string | undefined
  /** Failed attempts since the last successful connection. */
  retryCount: number
  lastError: Error | undefined
  /** Malformed events dropped (bad JSON, wrong version, over the limits, bad tab messages). */
  dropped: number
  /** Valid events received, from the server or relayed by the leader tab. */
  received: number
}

export type StreamStatusStore = StoreApi<StreamStatus>

export function createStreamStatusStore(role: StreamRole, state: StreamState = 'connecting'): StreamStatusStore {
  return createStore<StreamStatus>()(() => ({
    state,
    role,
    lastEventId: undefined,
    retryCount: 0,
    lastError: undefined,
    dropped: 0,
    received: 0,
  }))
}
