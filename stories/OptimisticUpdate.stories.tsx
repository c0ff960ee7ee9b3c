import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { db } from './mocks/db'
import { useProject, useRenameProject } from '../examples/domain/queries'
import { StoryFigures } from './support/StoryFigures'

function RenameProject({ failWrites }: { failWrites: boolean }) {
  const { data } = useProject('p1')
  const rename = useRenameProject()
  const [name, setName] = useState('')
  const [failing, setFailing] = useState(failWrites)
  // Every name the heading showed, in order: the optimistic write and its rollback stay visible.
  const [shown, setShown] = useState<Array<string>>([])
  useEffect(() => {
    // A log of what the heading showed: it must follow each committed render, so it is kept in an effect.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (data) setShown((names) => (names[names.length - 1] === data.name ? names : [...names, data.name]))
  }, [data])
  useEffect(() => {
    db.failWrites = failing
  }, [failing])
  return (
    <div>
      <h3 aria-label="Project name">{data?.name ?? 'loading'}</h3>
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
        </button>{' '}
        <label>
          <input type="checkbox" checked={failing} onChange={(event) => setFailing(event.target.checked)} /> The server
          refuses writes
        </label>
      </form>
      {rename.isError && <p role="alert">Rename failed: {rename.error.message}. The old name is back.</p>}
      <p>
        Names shown: <output aria-label="Names shown">{shown.join(' → ')}</output>
      </p>
      <StoryFigures match="/projects" />
    </div>
  )
}

const meta = {
  title: 'Patterns/Optimistic update with rollback',
  component: RenameProject,
  args: { failWrites: false },
  parameters: {
    docs: {
      description: {
        component:
          'The mutation writes the expected result into the cache before the server answers (`optimistic: { key, update }`): ' +
          'in-flight fetches of the key are cancelled, the old value is kept, a failure puts it back, and on success ' +
          "the server's answer replaces it (`writes`), so the server has the last word without a refetch. " +
          'Use it where a write almost always succeeds and waiting feels slow.',
      },
    },
  },
} satisfies Meta<typeof RenameProject>

export default meta
type Story = StoryObj<typeof meta>

export const RenameSucceeds: Story = {
  parameters: { docs: { description: { story: 'The new name shows at once and stays: the server agreed.' } } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByText('Website relaunch')
    await userEvent.type(canvas.getByLabelText('New name'), 'Website 2.0')
    await userEvent.click(canvas.getByRole('button', { name: 'Rename' }))
    await waitFor(() => expect(canvas.getByLabelText('Project name').textContent).toBe('Website 2.0'))
    // The read and the write: the rename writes the server's answer (`writes`), so nothing is refetched.
    await waitFor(() => expect(canvas.getByLabelText('Requests').textContent).toBe('2'))
    await expect(canvas.getByLabelText('Names shown').textContent).toBe('Website relaunch → Website 2.0')
  },
}

export const RenameFailsAndRollsBack: Story = {
  args: { failWrites: true },
  parameters: {
    docs: {
      description: { story: 'The mock refuses the write: the new name shows at once, then the old one comes back.' },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByText('Website relaunch')
    await userEvent.type(canvas.getByLabelText('New name'), 'Doomed name')
    await userEvent.click(canvas.getByRole('button', { name: 'Rename' }))
    await canvas.findByRole('alert')
    await waitFor(() => expect(canvas.getByLabelText('Project name').textContent).toBe('Website relaunch'))
    await expect(canvas.getByLabelText('Names shown').textContent).toBe(
      'Website relaunch → Doomed name → Website relaunch',
    )
  },
}
