import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { CacheInspector } from 'react-query-toolkit/devtools'
import { useInvalidationStream } from 'react-query-toolkit/live'
import { clearPersistedCache } from 'react-query-toolkit/persist'
import type { MutationOutbox, QueryPersister, RestoreReport } from 'react-query-toolkit/persist'
import { useOrganizations, usePayslip } from '../../domain/queries'
import { useDemoStats } from './demoStats'
import { useDemoOffline } from './offline'
import { OfflineSwitch } from './OfflineSwitch'
import { OutboxBadge, OutboxPanel } from './OutboxPanel'
import { Panel } from './Panel'
import { ProjectDetail } from './ProjectDetail'
import { ProjectList } from './ProjectList'
import { ServerSide } from './ServerSide'
import { signOut } from './session'
import { StreamChip } from './StreamChip'
import { TabsCounter } from './TabsCounter'

// `?stream=/api/…` points the page at another stream endpoint and `?jitter=<ms>` sets the stream's refetch
// jitter: the end-to-end tests use them for a hostile test stream and to time the stream without jitter.
const params = new URLSearchParams(location.search)
const streamParam = params.get('stream')
const streamUrl = streamParam?.startsWith('/api/') ? streamParam : '/api/stream'
const jitterParam = Number(params.get('jitter') ?? Number.NaN)
const streamOptions = Number.isFinite(jitterParam) && jitterParam >= 0 ? { jitterMs: jitterParam } : {}

interface AppProps {
  user: string
  persister: QueryPersister
  restore: RestoreReport | undefined
  /** Undefined until the outbox is created (an effect, right after the first render). */
  outbox: MutationOutbox | undefined
}

/** The live stream, mounted while the demo is online: the "Offline" switch cuts it as an outage would. */
function LiveStream() {
  useInvalidationStream(streamUrl, streamOptions)
  return null
}

export function App({ user, persister, restore, outbox }: AppProps) {
  const offline = useDemoOffline()
  const queryClient = useQueryClient()
  const organizations = useOrganizations()
  const [orgId, setOrgId] = useState('o1')
  const [projectId, setProjectId] = useState<string>()
  const [stats, refreshStats] = useDemoStats()

  return (
    <>
      {!offline && <LiveStream />}
      <header>
        <h1>react-query-toolkit demo</h1>
        <label>
          Organization{' '}
          <select
            aria-label="Organization"
            value={orgId}
            onChange={(event) => {
              setOrgId(event.target.value)
              setProjectId(undefined)
            }}
          >
            {organizations.data?.map((organization) => (
              <option key={organization.id} value={organization.id}>
                {organization.name}
              </option>
            ))}
          </select>
        </label>
        <StreamChip />
        <TabsCounter stats={stats} />
        <OfflineSwitch />
        {outbox && <OutboxBadge outbox={outbox} />}
        <span className="status" data-testid="restore">
          {restore ? `restored ${restore.restored} in ${restore.ms.toFixed(0)} ms` : 'restoring…'}
        </span>
        <span>{user}</span>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            void clearPersistedCache(queryClient, persister).then(signOut)
          }}
        >
          Log out
        </button>
      </header>
      <main>
        <ProjectList orgId={orgId} selected={projectId} onSelect={setProjectId} />
        {projectId ? <ProjectDetail id={projectId} /> : <Panel title="Project">Pick a project.</Panel>}
        <Payslip />
        {outbox && <OutboxPanel outbox={outbox} />}
        <ServerSide orgId={orgId} stats={stats} refresh={refreshStats} />
        <Panel title="Cache" wide>
          <CacheInspector persister={persister} />
        </Panel>
      </main>
    </>
  )
}

function Payslip() {
  const payslip = usePayslip()
  return (
    <Panel title="Payslip" tier="sensitive">
      {payslip.data ? (
        <p data-testid="payslip">
          {payslip.data.month}: {payslip.data.net.toFixed(2)} € to {payslip.data.iban}
        </p>
      ) : (
        <p className="muted">Loading…</p>
      )}
      <p className="muted">Memory only: never written to IndexedDB.</p>
    </Panel>
  )
}
