import { useQueryClient } from '@tanstack/react-query'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import { clearPersistedCache, createIndexedDBPersister, PersistedCacheProvider } from 'react-query-toolkit/persist'
import type { QueryPersister } from 'react-query-toolkit/persist'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { useProjects, useTimeEntries } from '../examples/domain/queries'
import { createStoryClient } from './support/withQueryClient'

function Workspace({ onLogout }: { onLogout: () => void }) {
  const projects = useProjects('o1')
  const entries = useTimeEntries('p1')
  return (
    <div>
      <p>{projects.data ? `${projects.data.length} projects` : 'loading projects'}</p>
      <p>{entries.data ? `${entries.data.length} time entries` : 'loading time entries'}</p>
      <button type="button" onClick={onLogout}>
        Log out
      </button>
    </div>
  )
}

function CacheCounts({ persister }: { persister: QueryPersister }) {
  const client = useQueryClient()
  const [counts, setCounts] = useState({ memory: 0, disk: 0 })
  useEffect(() => {
    const read = () => setCounts({ memory: client.getQueryCache().getAll().length, disk: persister.stats().records })
    const timer = setInterval(read, 50)
    return () => clearInterval(timer)
  }, [client, persister])
  return (
    <p>
      Queries in memory: <output aria-label="Queries in memory">{counts.memory}</output> · records in IndexedDB:{' '}
      <output aria-label="Stored records">{counts.disk}</output>
    </p>
  )
}

function Logout() {
  const [client] = useState(createStoryClient)
  const [persister] = useState(() =>
    createIndexedDBPersister({
      namespace: `story-${Math.random().toString(36).slice(2)}`,
      buster: 'stories-v1',
      throttleMs: 0,
    }),
  )
  const [signedIn, setSignedIn] = useState(true)
  const logout = async () => {
    await clearPersistedCache(client, persister)
    setSignedIn(false)
  }
  return (
    <PersistedCacheProvider client={client} persister={persister}>
      {signedIn ? <Workspace onLogout={() => void logout()} /> : <p>Signed out.</p>}
      <CacheCounts persister={persister} />
    </PersistedCacheProvider>
  )
}

const meta = {
  title: 'Patterns/Logout clears the cache',
  component: Logout,
  parameters: {
    ownClient: true,
    docs: {
      description: {
        component:
          "`clearPersistedCache(queryClient, persister)` on logout: it empties the user's namespace in IndexedDB, " +
          "every query in memory, and the caches of the app's other tabs. Use it on every sign-out so the next " +
          'person at the machine sees nothing of the last one.',
      },
    },
  },
} satisfies Meta<typeof Logout>

export default meta
type Story = StoryObj<typeof meta>

export const LogoutEmptiesMemoryAndDisk: Story = {
  parameters: {
    docs: {
      description: {
        story: 'Two cached and stored reads; after "Log out" neither memory nor IndexedDB holds anything.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByText('2 projects')
    await canvas.findByText('2 time entries')
    await waitFor(() => expect(canvas.getByLabelText('Stored records').textContent).toBe('2'))
    await expect(canvas.getByLabelText('Queries in memory').textContent).toBe('2')
    await userEvent.click(canvas.getByRole('button', { name: 'Log out' }))
    await canvas.findByText('Signed out.')
    await waitFor(() => expect(canvas.getByLabelText('Queries in memory').textContent).toBe('0'))
    await expect(canvas.getByLabelText('Stored records').textContent).toBe('0')
  },
}
