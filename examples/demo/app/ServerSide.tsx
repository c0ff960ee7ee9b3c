// Things that happen behind the page's back: another client writes, or the server refuses the next write.
import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { apiUrl } from '../../domain/repository'
import type { DemoStats } from './demoStats'
import { Panel } from './Panel'

export function ServerSide({ orgId, stats, refresh }: { orgId: string; stats?: DemoStats; refresh: () => void }) {
  const queryClient = useQueryClient()
  // A failed write used the armed failure up: read the API's control again at once, not at the next poll.
  useEffect(
    () =>
      queryClient.getMutationCache().subscribe((event) => {
        if (event.type === 'updated' && event.action.type === 'error') refresh()
      }),
    [queryClient, refresh],
  )
  const armed = (stats?.failWrites ?? 0) > 0
  return (
    <Panel title="Server side" wide>
      <p className="muted">
        A write made behind the page&apos;s back reaches it through the invalidation stream (or open a second window and
        edit there). Make the next write fail to see an optimistic update roll back.
      </p>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          void fetch(apiUrl('/projects'), {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ orgId, name: `Created elsewhere ${new Date().toLocaleTimeString()}` }),
          })
        }}
      >
        Create a project elsewhere
      </button>{' '}
      <button
        type="button"
        className="secondary"
        aria-pressed={armed}
        onClick={() => {
          void setFailWrites(armed ? 0 : 1).then(refresh)
        }}
      >
        {armed ? 'Next write will fail (click to cancel)' : 'Fail the next write'}
      </button>
    </Panel>
  )
}

/** The demo API's control endpoint: the next `count` writes answer 500, to show a rollback and a retry. */
function setFailWrites(count: number) {
  return fetch(apiUrl('/control'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ failWrites: count }),
  })
}
