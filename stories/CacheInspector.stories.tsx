import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { CacheInspector } from 'react-query-toolkit/devtools'
import { useInvalidationStream } from 'react-query-toolkit/live'
import { expect, fireEvent, userEvent, waitFor, within } from 'storybook/test'
import { useAddTimeEntry, useOrganizations, useProject, useProjects, useTimeEntries } from '../examples/domain/queries'
import { apiUrl } from '../examples/domain/repository'

function SampleApp() {
  const organizations = useOrganizations()
  const projects = useProjects('o1')
  const project = useProject('p1')
  const entries = useTimeEntries('p1')
  const addEntry = useAddTimeEntry()
  const [second, setSecond] = useState(false)
  return (
    <div style={{ marginBottom: 12 }}>
      <p>
        {organizations.data?.length ?? '…'} organizations · {projects.data?.length ?? '…'} projects ·{' '}
        {project.data?.name ?? '…'} · {entries.data?.length ?? '…'} time entries
      </p>
      <button type="button" onClick={() => setSecond(true)}>
        Open a second reader
      </button>{' '}
      <button type="button" onClick={() => addEntry.mutate({ projectId: 'p1', minutes: 15, note: 'Stand-up' })}>
        Add a time entry
      </button>
      {second && <SecondReader />}
    </div>
  )
}

function SecondReader() {
  const { data } = useProjects('o1')
  return <p>Second reader: {data?.length ?? '…'} projects</p>
}

// No resume point across visits: the story's in-memory server forgets its event ids.
const streamOptions = { share: false, jitterMs: 0, resumeStorage: false } as const

function InspectedApp() {
  // Set up as the README shows: the inspector finds this stream by itself, no `stream` prop.
  useInvalidationStream(apiUrl('/invalidations'), streamOptions)
  return (
    <div>
      <SampleApp />
      <CacheInspector refreshMs={500} style={{ border: '1px solid #d0d7de', borderRadius: 6 }} />
    </div>
  )
}

const meta = {
  title: 'Devtools/CacheInspector',
  component: InspectedApp,
  parameters: {
    docs: {
      description: {
        component:
          '`<CacheInspector />` from `react-query-toolkit/devtools`: the hit rate, lookups per key scope and tier, fetch ' +
          "latency, invalidations by source, the stream's status and role, the persisted size, evictions, estimated " +
          'bytes and outbox depth, the targets (hit rate > 80%, eviction rate < 5%) as met or not, and the cached ' +
          'queries with their tier and freshness, filtered by key text, tier and freshness. Its styles live in a ' +
          'shadow root. It follows the stream `useInvalidationStream` opened for its client by itself. ' +
          'Mount it in development builds only; apps that do not import it do not ship it.',
      },
    },
  },
} satisfies Meta<typeof InspectedApp>

export default meta
type Story = StoryObj<typeof meta>

export const BesideAnApp: Story = {
  parameters: {
    docs: {
      description: {
        story: 'Four reads (four misses), a second reader of a fresh list (a hit), a mutation that invalidates a list.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    // The panel lives in the shadow root of its landmark (its style fence).
    const host = await canvas.findByRole('complementary', { name: 'Cache inspector' })
    const inspector = within(host.shadowRoot as unknown as HTMLElement)
    await canvas.findByText(/2 organizations · 2 projects · Website relaunch · 2 time entries/)
    await userEvent.click(canvas.getByRole('button', { name: 'Open a second reader' }))
    await canvas.findByText('Second reader: 2 projects')
    await waitFor(() =>
      expect(inspector.getByRole('meter', { name: 'Hit rate' }).getAttribute('aria-valuenow')).toBe('20'),
    )
    const scopes = inspector.getByRole('table', { name: 'Lookups by scope' })
    await expect(within(scopes).getByRole('rowheader', { name: 'projects' }).closest('tr')?.textContent).toBe(
      'projects10233.3%',
    )
    await waitFor(() => expect(inspector.getByLabelText('Stream', { selector: 'dd' }).textContent).toBe('open'))
    await userEvent.click(canvas.getByRole('button', { name: 'Add a time entry' }))
    await waitFor(() =>
      expect(inspector.getByLabelText('Invalidations by mutation', { selector: 'dd' }).textContent).toBe('1'),
    )
    const queries = inspector.getByRole('table', { name: 'Cached queries' })
    await expect(
      within(queries).getByRole('rowheader', { name: '["organizations","all"]' }).closest('tr')?.textContent,
    ).toMatch(/^\["organizations","all"\]staticfresh1/)
    await expect(inspector.getByLabelText('Hit rate target').textContent).toMatch(/not met$/)
    // user-event types into the focused element of the document, which is the shadow host here: the change is
    // dispatched on the field itself (typing in a real browser is checked in CacheInspector.browser.test.ts).
    fireEvent.change(inspector.getByRole('searchbox', { name: 'Key contains' }), { target: { value: 'organizations' } })
    await waitFor(() =>
      expect(queries.querySelector('tfoot')?.textContent).toMatch(/queries hidden: \d+ by the filter$/),
    )
    for (const row of within(queries).getAllByRole('rowheader'))
      await expect(row.textContent).toContain('organizations')
  },
}
