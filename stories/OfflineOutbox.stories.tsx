import { onlineManager, QueryClientProvider } from '@tanstack/react-query'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import { createIndexedDBPersister, createMutationOutbox, useOutbox } from 'react-query-toolkit/persist'
import type { MutationOutbox } from 'react-query-toolkit/persist'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { setOffline } from '../examples/domain/network'
import { useCreateProject, useProject, useRenameProject } from '../examples/domain/queries'
import { db } from './mocks/db'
import { StoryFigures } from './support/StoryFigures'
import { createStoryClient } from './support/withQueryClient'

/** The outage: TanStack's onlineManager says offline and the fetch layer refuses every request. */
function goOffline(offline: boolean) {
  setOffline(offline)
  onlineManager.setOnline(!offline)
}

function Rename({ outbox }: { outbox: MutationOutbox }) {
  const { data } = useProject('p1')
  const rename = useRenameProject()
  const { pending, failed, retry, discard } = useOutbox(outbox)
  const [name, setName] = useState('')
  const [offline, setOfflineState] = useState(false)
  return (
    <div>
      <h3>
        Project: <output aria-label="Project name">{data?.name ?? 'loading'}</output>
      </h3>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          // The outcome is shown by the outbox below; a refused write rejects here, on purpose.
          rename.mutateAsync({ id: 'p1', name }).catch(() => {})
          setName('')
        }}
      >
        <label>
          New name <input value={name} onChange={(event) => setName(event.target.value)} />
        </label>{' '}
        <button type="submit" disabled={!name}>
          Rename
        </button>{' '}
        <label>
          <input
            type="checkbox"
            checked={offline}
            onChange={(event) => {
              goOffline(event.target.checked)
              setOfflineState(event.target.checked)
            }}
          />{' '}
          Offline
        </label>
      </form>
      <p>
        Pending writes: <output aria-label="Pending writes">{pending.length}</output>
      </p>
      <ul aria-label="Failed writes">
        {failed.map((entry) => (
          <li key={entry.id}>
            {entry.error}{' '}
            <button type="button" onClick={() => void retry(entry.id)}>
              Retry
            </button>{' '}
            <button type="button" onClick={() => void discard(entry.id)}>
              Discard
            </button>
          </li>
        ))}
      </ul>
      <StoryFigures match="PATCH" />
    </div>
  )
}

/** A page with its own client, persister and outbox (a namespace per mount: nothing leaks between stories). */
function OfflineOutbox({ refuseWrites }: { refuseWrites: boolean }) {
  const [client] = useState(createStoryClient)
  const [outbox, setOutbox] = useState<MutationOutbox>()
  useEffect(() => {
    db.refuseWrites = refuseWrites
    const persister = createIndexedDBPersister({ namespace: `story-${Math.random().toString(36).slice(2)}` })
    const created = createMutationOutbox(client, persister, { mutations: [useRenameProject, useCreateProject] })
    // The outbox is an external system bound to this client; the story renders it once it exists.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setOutbox(created)
    return () => {
      created.stop()
      goOffline(false)
    }
  }, [client, refuseWrites])
  return <QueryClientProvider client={client}>{outbox && <Rename outbox={outbox} />}</QueryClientProvider>
}

const meta = {
  title: 'Patterns/Offline outbox (write-behind)',
  component: OfflineOutbox,
  args: { refuseWrites: false },
  parameters: {
    ownClient: true,
    docs: {
      description: {
        component:
          'A `durable` mutation is recorded in IndexedDB before it is sent (`createMutationOutbox`). Offline, it ' +
          'waits, its optimistic value on screen; back online, one tab sends it with its idempotency key. A write ' +
          'the server refuses (4xx) is rolled back and kept as failed until Retry or Discard (`useOutbox`).',
      },
    },
  },
} satisfies Meta<typeof OfflineOutbox>

export default meta
type Story = StoryObj<typeof meta>

export const WrittenOfflineSentOnReconnect: Story = {
  parameters: {
    docs: { description: { story: 'Go offline, rename: it waits (no request). Back online: sent once.' } },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByLabelText('Project name').textContent).toBe('Website relaunch'))
    await userEvent.click(canvas.getByLabelText('Offline'))
    await userEvent.type(canvas.getByLabelText('New name'), 'Renamed offline')
    await userEvent.click(canvas.getByRole('button', { name: 'Rename' }))
    await waitFor(() => expect(canvas.getByLabelText('Pending writes').textContent).toBe('1'))
    await expect(canvas.getByLabelText('Project name').textContent).toBe('Renamed offline')
    await expect(canvas.getByLabelText('Requests').textContent).toBe('0')

    await userEvent.click(canvas.getByLabelText('Offline'))
    await waitFor(() => expect(canvas.getByLabelText('Pending writes').textContent).toBe('0'))
    await expect(canvas.getByLabelText('Requests').textContent).toBe('1')
    await expect(db.projects.find((project) => project.id === 'p1')?.name).toBe('Renamed offline')
    await expect(canvas.getByLabelText('Project name').textContent).toBe('Renamed offline')
  },
}

export const RefusedWriteRollsBack: Story = {
  args: { refuseWrites: true },
  parameters: {
    docs: {
      description: { story: 'The mock answers 422: the old name comes back and the write waits for Retry or Discard.' },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByLabelText('Project name').textContent).toBe('Website relaunch'))
    await userEvent.type(canvas.getByLabelText('New name'), 'Refused name')
    await userEvent.click(canvas.getByRole('button', { name: 'Rename' }))
    const failed = await canvas.findByRole('button', { name: 'Discard' })
    await waitFor(() => expect(canvas.getByLabelText('Project name').textContent).toBe('Website relaunch'))
    await userEvent.click(failed)
    await waitFor(() => expect(canvas.queryByRole('button', { name: 'Discard' })).toBeNull())
    await expect(canvas.getByLabelText('Project name').textContent).toBe('Website relaunch')
    await expect(db.projects.find((project) => project.id === 'p1')?.name).toBe('Website relaunch')
  },
}
