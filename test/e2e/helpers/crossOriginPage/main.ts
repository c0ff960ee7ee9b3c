// A bare page that connects the toolkit's stream to the URL in `?stream=` and records, for the test, the
// tags of every stream invalidation it applied and the stream's status.
import { QueryClient } from '@tanstack/react-query'
import { subscribeInvalidations } from '../../../../src/internal/invalidationEvents'
import { connectInvalidationStream } from '../../../../src/live'

declare global {
  interface Window {
    /** Tags invalidated by the stream on this page, in the order applied. */
    e2eTags: Array<string>
    /** Everything was invalidated (a resync, or a reconnection the server could not replay). */
    e2eResyncs: number
    e2eStatus: () => { state: string; lastEventId: string | undefined; lastError: string | undefined }
  }
}

const params = new URLSearchParams(location.search)
const client = new QueryClient()
window.e2eTags = []
window.e2eResyncs = 0
subscribeInvalidations(client, (record) => {
  if (record.source !== 'stream') return
  for (const target of record.request) {
    if ('tag' in target) window.e2eTags.push(target.tag)
    if ('all' in target) window.e2eResyncs++
  }
})
// `?auth=<token>` sends `Authorization: Bearer <token>`: a custom header, so the browser preflights the stream.
const token = params.get('auth')
const stream = connectInvalidationStream(client, {
  url: params.get('stream') ?? '',
  ...(token !== null && { headers: () => ({ Authorization: `Bearer ${token}` }) }),
  withCredentials: params.has('credentials'),
  jitterMs: 0,
  retry: { initialDelayMs: 50, maxDelayMs: 200, minDelayMs: 50 },
})
window.e2eStatus = () => {
  const { state, lastEventId, lastError } = stream.status.getState()
  return { state, lastEventId, lastError: lastError?.message }
}
