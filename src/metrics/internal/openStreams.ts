// Finds, in the shared slot of open streams (`src/openStreams.ts`), the stream a client's metrics follow,
// without importing the live entry: neither bundle grows by the other's code.
import { openStreams } from '../../openStreams'
import type { OpenStream } from '../../openStreams'

export { subscribeOpenStreams } from '../../openStreams'
export type { OpenStream }

/** The newest open stream bound to `client`, else the newest one bound to no client yet. */
export function findOpenStream(client: object): OpenStream['status'] | undefined {
  const { streams } = openStreams()
  let unbound: OpenStream | undefined
  for (let at = streams.length - 1; at >= 0; at--) {
    const open = streams[at]!
    if (open.client === client) return open.status
    if (open.client === undefined) unbound ??= open
  }
  return unbound?.status
}

/** Whether `status` belongs to a stream that is still open (in this realm). */
export const isOpenStream = (status: OpenStream['status']): boolean =>
  openStreams().streams.some((open) => open.status === status)
