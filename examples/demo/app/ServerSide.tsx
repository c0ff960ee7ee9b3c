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
  return (
    <Panel title="Server side" wide>
      <p className="muted">
        A write made behind the page&apos;s back reaches it through the invalidation stream (or open a second window and
        edit there). A failed write (500) is retried; a refused one (422) rolls back and waits in the outbox for Retry
        or Discard.
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
      <ArmButton
        armed={(stats?.failWrites ?? 0) > 0}
        idle="Fail the next write (500)"
        active="Next write will fail"
        onToggle={(on) => void setControl({ failWrites: on ? 1 : 0 }).then(refresh)}
      />{' '}
      <ArmButton
        armed={(stats?.refuseWrites ?? 0) > 0}
        idle="Refuse the next write (422)"
        active="Next write will be refused"
        onToggle={(on) => void setControl({ refuseWrites: on ? 1 : 0 }).then(refresh)}
      />
    </Panel>
  )
}

interface ArmButtonProps {
  armed: boolean
  idle: string
  active: string
  onToggle: (on: boolean) => void
}

/** Shows the API's own control state: it resets by itself once the armed write has failed. */
function ArmButton({ armed, idle, active, onToggle }: ArmButtonProps) {
  return (
    <button
      type="button"
      className="secondary"
      aria-pressed={armed}
      title={armed ? 'Click to cancel' : undefined}
      onClick={() => onToggle(!armed)}
    >
      {armed ? active : idle}
    </button>
  )
}

/** The demo API's control endpoint. */
function setControl(control: { failWrites?: number; refuseWrites?: number }) {
  return fetch(apiUrl('/control'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(control),
  })
}
