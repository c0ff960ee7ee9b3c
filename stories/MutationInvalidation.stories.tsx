import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { useCacheMetrics } from 'react-query-toolkit/metrics'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { useAddTimeEntry, useTimeEntries } from '../examples/domain/queries'
import { StoryFigures } from './support/StoryFigures'

function TimeEntries() {
  const { data } = useTimeEntries('p1')
  const addEntry = useAddTimeEntry()
  const [note, setNote] = useState('')
  const invalidated = useCacheMetrics((metrics) => metrics.invalidations.mutation)
  return (
    <div>
      <h3>Website relaunch: time entries</h3>
      <ul aria-label="Time entries">
        {data?.map((entry) => (
          <li key={entry.id}>
            {entry.note} ({entry.minutes} min)
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          addEntry.mutate({ projectId: 'p1', minutes: 30, note })
          setNote('')
        }}
      >
        <label>
          Note <input value={note} onChange={(event) => setNote(event.target.value)} />
        </label>{' '}
        <button type="submit" disabled={!note || addEntry.isPending}>
          Add 30 min
        </button>
      </form>
      <p>
        Invalidations by mutations: <output aria-label="Invalidations by mutation">{invalidated}</output>
      </p>
      <StoryFigures match="/time-entries" />
    </div>
  )
}

const meta = {
  title: 'Patterns/Mutation-driven invalidation',
  component: TimeEntries,
  parameters: {
    docs: {
      description: {
        component:
          'A mutation declares what it makes stale (`invalidates: (entry, input) => [timeEntryKeys.list(input.projectId)]`) ' +
          'and the toolkit invalidates it when the mutation settles, so no component has to remember to refetch. ' +
          'Use it for every write whose result other reads show.',
      },
    },
  },
} satisfies Meta<typeof TimeEntries>

export default meta
type Story = StoryObj<typeof meta>

export const AddEntryRefetchesList: Story = {
  parameters: {
    docs: {
      description: {
        story:
          'Adding an entry invalidates the list (critical tier, still fresh): it refetches once and shows the entry.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByText('Wireframes (90 min)')
    await userEvent.type(canvas.getByLabelText('Note'), 'Copywriting')
    await userEvent.click(canvas.getByRole('button', { name: 'Add 30 min' }))
    await canvas.findByText('Copywriting (30 min)')
    await waitFor(() => expect(canvas.getByLabelText('Invalidations by mutation').textContent).toBe('1'))
    // One list read, one POST, one refetch of the invalidated list.
    await expect(canvas.getByLabelText('Requests').textContent).toBe('3')
  },
}
