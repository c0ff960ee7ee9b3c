import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import { createIndexedDBPersister, PersistedCacheProvider } from 'react-query-toolkit/persist'
import type { QueryPersister, RestoreReport } from 'react-query-toolkit/persist'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { useProjects } from '../examples/domain/queries'
import { StoryFigures } from './support/StoryFigures'
import { createStoryClient } from './support/withQueryClient'

function Projects() {
  const { data } = useProjects('o1')
  return (
    <ul aria-label="Projects">
      {data?.map((project) => (
        <li key={project.id}>{project.name}</li>
      ))}
    </ul>
  )
}

function useStoredRecords(persister: QueryPersister): number {
  const [records, setRecords] = useState(0)
  useEffect(() => {
    const timer = setInterval(() => setRecords(persister.stats().records), 50)
    return () => clearInterval(timer)
  }, [persister])
  return records
}

/** One page load: a new QueryClient that restores from IndexedDB before its queries run. */
function PageLoad({ persister }: { persister: QueryPersister }) {
  const [client] = useState(createStoryClient)
  const [report, setReport] = useState<RestoreReport>()
  return (
    <PersistedCacheProvider client={client} persister={persister} onRestored={setReport}>
      <p>
        Restore:{' '}
        <output aria-label="Restore report">
          {report
            ? `${report.restored} restored, ${report.expired + report.busted + report.corrupt} dropped`
            : 'restoring…'}
        </output>
      </p>
      <Projects />
      <StoryFigures match="/projects" />
    </PersistedCacheProvider>
  )
}

function PersistenceRestore() {
  // A namespace of its own per mount: a user's records are never read by another.
  const [persister] = useState(() =>
    createIndexedDBPersister({
      namespace: `story-${Math.random().toString(36).slice(2)}`,
      buster: 'stories-v1',
      throttleMs: 0,
    }),
  )
  const [load, setLoad] = useState(1)
  const records = useStoredRecords(persister)
  return (
    <div>
      <p>
        Page load <output aria-label="Page load">{load}</output> · records in IndexedDB:{' '}
        <output aria-label="Stored records">{records}</output>{' '}
        <button type="button" onClick={() => setLoad((value) => value + 1)}>
          Reload the page
        </button>
      </p>
      <PageLoad key={load} persister={persister} />
    </div>
  )
}

const meta = {
  title: 'Patterns/Persistence and restore',
  component: PersistenceRestore,
  parameters: {
    ownClient: true,
    docs: {
      description: {
        component:
          'Queries of persisted tiers are written to IndexedDB, one record per query, as they change. A new page load ' +
          'restores them before its queries run, so a returning user sees data at once and fresh data is not fetched again. ' +
          'Use it for apps people reopen often; `sensitive` and `realtime` queries stay in memory.',
      },
    },
  },
} satisfies Meta<typeof PersistenceRestore>

export default meta
type Story = StoryObj<typeof meta>

export const RemountRestoresFromIndexedDB: Story = {
  parameters: {
    docs: {
      description: {
        story:
          'The first load fetches and stores the list; "Reload the page" mounts a new QueryClient, which restores the list from IndexedDB and serves it as a hit, without a request.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByText('Website relaunch')
    await waitFor(() => expect(canvas.getByLabelText('Stored records').textContent).toBe('1'))
    await userEvent.click(canvas.getByRole('button', { name: 'Reload the page' }))
    await waitFor(() => expect(canvas.getByLabelText('Restore report').textContent).toBe('1 restored, 0 dropped'))
    await canvas.findByText('Website relaunch')
    await waitFor(() => expect(canvas.getByLabelText('Hits').textContent).toBe('1'))
    await expect(canvas.getByLabelText('Misses').textContent).toBe('0')
    await expect(canvas.getByLabelText('Requests').textContent).toBe('1')
  },
}
