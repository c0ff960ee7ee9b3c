import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { useProject, useProjects, useRenameProject } from '../examples/domain/queries'
import { StoryFigures } from './support/StoryFigures'

function ListAndDetail() {
  const projects = useProjects('o1')
  const project = useProject('p1')
  const rename = useRenameProject()
  const [name, setName] = useState('')
  return (
    <div>
      <h3>Acme: projects</h3>
      <ul aria-label="Projects">
        {projects.data?.map((item) => (
          <li key={item.id}>{item.name}</li>
        ))}
      </ul>
      <h3>
        Detail: <output aria-label="Detail name">{project.data?.name ?? 'loading'}</output>
      </h3>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          rename.mutate({ id: 'p1', name })
        }}
      >
        <label>
          New name <input value={name} onChange={(event) => setName(event.target.value)} />
        </label>{' '}
        <button type="submit" disabled={!name}>
          Rename
        </button>
      </form>
      {rename.isSuccess && <p role="status">Saved: the list and the detail show the server&apos;s answer.</p>}
      <StoryFigures match="/projects" />
    </div>
  )
}

const meta = {
  title: 'Patterns/Write-through',
  component: ListAndDetail,
  parameters: {
    docs: {
      description: {
        component:
          "On success, the mutation puts the server's answer into every entry that shows it (`writes`), before " +
          'invalidation: the list and the detail agree at once, and neither is fetched again for this write. ' +
          'A written entry is refetched only when `invalidates` names its key.',
      },
    },
  },
} satisfies Meta<typeof ListAndDetail>

export default meta
type Story = StoryObj<typeof meta>

export const RenameUpdatesListAndDetail: Story = {
  parameters: {
    docs: { description: { story: 'Three requests in all: the list, the detail and the rename; no refetch.' } },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByLabelText('Detail name').textContent).toBe('Website relaunch'))
    await canvas.findByText('Website relaunch', { selector: 'li' })
    await userEvent.type(canvas.getByLabelText('New name'), 'Website 2.0')
    await userEvent.click(canvas.getByRole('button', { name: 'Rename' }))
    await canvas.findByText(/^Saved/)
    await waitFor(() => expect(canvas.getByLabelText('Detail name').textContent).toBe('Website 2.0'))
    await expect(canvas.getByText('Website 2.0', { selector: 'li' })).toBeTruthy()
    await expect(canvas.queryByText('Website relaunch', { selector: 'li' })).toBeNull()
    // Settled, and still three: the server's answer was written, not fetched again.
    await new Promise((resolve) => setTimeout(resolve, 150))
    await expect(canvas.getByLabelText('Requests').textContent).toBe('3')
  },
}
