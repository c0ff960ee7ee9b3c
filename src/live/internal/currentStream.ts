// The status stores of the streams open in this JavaScript realm (the shared slot of `src/openStreams.ts`).
// `useStreamStatus` reads the newest one, so an app with one stream needs no provider.
import { notifyOpenStreams, openStreams, subscribeOpenStreams } from '../../openStreams'
import type { OpenStream } from '../../openStreams'
import type { StreamStatusStore } from '../streamStatus'

/** Adds a stream's store and the QueryClient it serves (whose metrics follow it); returns its removal. */
export function registerStream(store: StreamStatusStore, client?: object): () => void {
  const { streams } = openStreams()
  const entry: OpenStream = { status: store, client }
  streams.push(entry)
  notifyOpenStreams()
  return () => {
    const at = streams.indexOf(entry)
    if (at < 0) return
    streams.splice(at, 1)
    notifyOpenStreams()
  }
}

export const subscribeCurrentStream = subscribeOpenStreams

// Only this entry registers stores, and it registers its own status stores.
export const getCurrentStream = (): StreamStatusStore | undefined =>
  openStreams().streams.at(-1)?.status as StreamStatusStore | undefined
