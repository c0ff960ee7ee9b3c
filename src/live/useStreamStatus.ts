// React binding of the stream status store: reads the most recently connected stream that is still open.
import { useSyncExternalStore } from 'react'
import { useStore } from 'zustand'
import { getCurrentStream, subscribeCurrentStream } from './internal/currentStream'
import { createStreamStatusStore } from './streamStatus'
import type { StreamStatus, StreamStatusStore } from './streamStatus'

let idle: StreamStatusStore | undefined

/**
 * The status of the most recently connected invalidation stream (`state: 'closed'` when none is open),
 * or the part of it `selector` picks. The selector must return a stable value (a field, a boolean).
 * @example const online = useStreamStatus((status) => status.state === 'open')
 */
export function useStreamStatus(): StreamStatus
export function useStreamStatus<TSelected>(selector: (status: StreamStatus) => TSelected): TSelected
export function useStreamStatus<TSelected>(selector?: (status: StreamStatus) => TSelected): TSelected | StreamStatus {
  const store = useSyncExternalStore(subscribeCurrentStream, getCurrentStream, getCurrentStream)
  idle ??= createStreamStatusStore('solo', 'closed')
  return useStore(store ?? idle, selector ?? ((status: StreamStatus) => status as TSelected))
}
