import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { FormEvent, ReactNode } from 'react'
import { tiers } from 'react-query-toolkit'
import type { BuiltInTierName } from 'react-query-toolkit'
import { CacheInspector } from 'react-query-toolkit/devtools'
import { useInvalidationStream, useStreamStatus } from 'react-query-toolkit/live'
import { clearPersistedCache } from 'react-query-toolkit/persist'
import type { QueryPersister, RestoreReport } from 'react-query-toolkit/persist'
import { signOut } from './session'
import { apiUrl } from '../../domain/repository'
import {
  useAddTimeEntry,
  useCreateProject,
  useOrganizations,
  usePayslip,
  useProject,
  useProjects,
  useRenameProject,
  useTimeEntries,
} from '../../domain/queries'

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
}

export function App({ user, persister, restore }: AppProps) {
  useInvalidationStream(streamUrl, streamOptions)
  const queryClient = useQueryClient()
  const organizations = useOrganizations()
  const [orgId, setOrgId] = useState('o1')
  const [projectId, setProjectId] = useState<string>()

  return (
    <>
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
        <StreamBadge />
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
        <ServerSide orgId={orgId} />
        <Panel title="Cache" wide>
          <CacheInspector persister={persister} />
        </Panel>
      </main>
    </>
  )
}

function StreamBadge() {
  // The inspector below shows the stream too, with no wiring: useInvalidationStream reports to it.
  const state = useStreamStatus((status) => status.state)
  const role = useStreamStatus((status) => status.role)
  const lastEventId = useStreamStatus((status) => status.lastEventId)
  return (
    <span className="status" data-testid="stream-status" data-state={state} data-role={role}>
      stream {state} · {role}
      {lastEventId ? ` · #${lastEventId}` : ''}
    </span>
  )
}

function Panel({
  title,
  tier,
  children,
  wide,
}: {
  title: string
  tier?: BuiltInTierName
  children: ReactNode
  wide?: boolean
}) {
  return (
    <section className={wide ? 'wide' : undefined} aria-label={title}>
      <h2>
        {title}
        {tier && <TierBadge tier={tier} />}
      </h2>
      {children}
    </section>
  )
}

function TierBadge({ tier }: { tier: BuiltInTierName }) {
  const { staleTime, persist } = tiers[tier]
  return (
    <span className={`tier ${tier}`} title={`staleTime ${staleTime / 1000}s, ${persist ? 'persisted' : 'memory only'}`}>
      {tier}
    </span>
  )
}

function ProjectList({
  orgId,
  selected,
  onSelect,
}: {
  orgId: string
  selected?: string
  onSelect: (id: string) => void
}) {
  const projects = useProjects(orgId)
  const createProject = useCreateProject()
  const [name, setName] = useState('')

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (name.trim() === '') return
    createProject.mutate({ orgId, name: name.trim() })
    setName('')
  }

  return (
    <Panel title="Projects" tier="normal">
      {projects.isPending && <p className="muted">Loading…</p>}
      {projects.error && <p className="error">{projects.error.message}</p>}
      <ul data-testid="project-list">
        {projects.data?.map((project) => (
          <li
            key={project.id}
            className={[project.id === selected && 'selected', project.id.startsWith('optimistic') && 'optimistic']
              .filter(Boolean)
              .join(' ')}
          >
            <button
              className="link"
              type="button"
              onClick={() => onSelect(project.id)}
              disabled={project.id.startsWith('optimistic')}
            >
              {project.name}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={submit}>
        <input
          aria-label="New project name"
          placeholder="New project"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <button type="submit">Create</button>
      </form>
      {createProject.error && <p className="error">Create failed, rolled back: {createProject.error.message}</p>}
      <p className="muted">{projects.isFetching ? 'Refreshing…' : `Updated ${time(projects.dataUpdatedAt)}`}</p>
    </Panel>
  )
}

function ProjectDetail({ id }: { id: string }) {
  const project = useProject(id)
  const entries = useTimeEntries(id)
  const rename = useRenameProject()
  const addEntry = useAddTimeEntry()
  const [name, setName] = useState('')
  const [minutes, setMinutes] = useState('30')

  return (
    <Panel title="Project" tier="long">
      {project.data && (
        <>
          <p data-testid="project-name">
            <strong>{project.data.name}</strong> <span className="muted">({project.data.id})</span>
          </p>
          <form
            onSubmit={(event) => {
              event.preventDefault()
              if (name.trim() === '') return
              rename.mutate({ id, name: name.trim() })
              setName('')
            }}
          >
            <input
              aria-label="Rename project"
              placeholder="New name"
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
            <button type="submit">Rename</button>
          </form>
          {rename.error && <p className="error">Rename failed, rolled back: {rename.error.message}</p>}
        </>
      )}
      <h2>
        Time entries <TierBadge tier="critical" />
      </h2>
      <ul>
        {entries.data?.map((entry, index) => (
          <li key={`${entry.id}-${index}`}>
            <span>{entry.note || '—'}</span>
            <span>{entry.minutes} min</span>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          addEntry.mutate({ projectId: id, minutes: Number(minutes), note: 'Work' })
        }}
      >
        <input
          aria-label="Minutes"
          type="number"
          min="1"
          value={minutes}
          onChange={(event) => setMinutes(event.target.value)}
        />
        <button type="submit">Log time</button>
      </form>
    </Panel>
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

function ServerSide({ orgId }: { orgId: string }) {
  const [armed, setArmed] = useState(false)
  return (
    <Panel title="Server side" wide>
      <p className="muted">
        A write made behind the page's back reaches it through the invalidation stream (or open a second window and edit
        there). Make the next write fail to see an optimistic update roll back.
      </p>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          void fetch('/api/projects', {
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
        onClick={() => {
          void failNextWrite().then(() => setArmed(true))
        }}
      >
        {armed ? 'Next write will fail' : 'Fail the next write'}
      </button>
    </Panel>
  )
}

function time(timestamp: number): string {
  return timestamp ? new Date(timestamp).toLocaleTimeString() : 'never'
}

/** The demo API's control endpoint: the next write answers 500, to show a rollback. */
function failNextWrite() {
  return fetch(apiUrl('/control'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ failWrites: 1 }),
  })
}
