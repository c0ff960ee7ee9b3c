import { useQuery } from '@tanstack/react-query'
import { render, screen, waitFor } from '@testing-library/react'
import { StrictMode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { createIndexedDBPersister, PersistedCacheProvider } from '../../src/persist'
import type { RestoreReport } from '../../src/persist'
import { freshDbName, hashOf, newClient, writeRaw } from './helpers'

async function seedProject(dbName: string) {
  const key = ['projects', 'p1']
  await writeRaw(dbName, [
    [
      'u1',
      hashOf(key),
      JSON.stringify({ v: 1, buster: '', key, hash: hashOf(key), updatedAt: Date.now(), data: { name: 'Restored' } }),
    ],
  ])
}

function Project({ queryFn }: { queryFn: () => Promise<{ name: string }> }) {
  const { data, status } = useQuery({ queryKey: ['projects', 'p1'], queryFn, staleTime: 60_000 })
  return <p>{status === 'success' ? data.name : 'loading'}</p>
}

describe('PersistedCacheProvider', () => {
  it('renders restored data without fetching before the restore', async () => {
    const dbName = freshDbName()
    await seedProject(dbName)
    const queryFn = vi.fn(() => Promise.resolve({ name: 'Fetched' }))
    const onRestored = vi.fn<(report: RestoreReport) => void>()
    render(
      <PersistedCacheProvider
        client={newClient()}
        persister={createIndexedDBPersister({ namespace: 'u1', dbName })}
        onRestored={onRestored}
      >
        <Project queryFn={queryFn} />
      </PersistedCacheProvider>,
    )
    expect(screen.getByText('loading')).toBeTruthy()
    expect(await screen.findByText('Restored')).toBeTruthy()
    expect(queryFn).not.toHaveBeenCalled()
    expect(onRestored.mock.calls[0]?.[0]).toMatchObject({ restored: 1 })
  })

  it("renders a record read on first use with restore: 'lazy', in StrictMode, without fetching", async () => {
    const dbName = freshDbName()
    await seedProject(dbName)
    const queryFn = vi.fn(() => Promise.resolve({ name: 'Fetched' }))
    const client = newClient()
    const onRestored = vi.fn<(report: RestoreReport) => void>()
    const { unmount } = render(
      <StrictMode>
        <PersistedCacheProvider
          client={client}
          persister={createIndexedDBPersister({ namespace: 'u1', dbName, restore: 'lazy' })}
          onRestored={onRestored}
        >
          <Project queryFn={queryFn} />
        </PersistedCacheProvider>
      </StrictMode>,
    )
    expect(await screen.findByText('Restored')).toBeTruthy()
    expect(queryFn).not.toHaveBeenCalled()
    expect(onRestored.mock.calls[0]?.[0]).toMatchObject({ restored: 0 })
    unmount()
    // The provider's session is over: the client's default persister is its own again.
    expect(client.getDefaultOptions().queries?.persister).toBeUndefined()
  })

  it('fetches once the restore finds nothing', async () => {
    const queryFn = vi.fn(() => Promise.resolve({ name: 'Fetched' }))
    render(
      <StrictMode>
        <PersistedCacheProvider
          client={newClient()}
          persister={createIndexedDBPersister({ namespace: 'u1', dbName: freshDbName() })}
        >
          <Project queryFn={queryFn} />
        </PersistedCacheProvider>
      </StrictMode>,
    )
    expect(await screen.findByText('Fetched')).toBeTruthy()
    await waitFor(() => expect(queryFn).toHaveBeenCalledTimes(1))
  })

  it('reports what it restored under StrictMode, where the first mount is stopped before its read ends', async () => {
    const dbName = freshDbName()
    await seedProject(dbName)
    const onRestored = vi.fn<(report: RestoreReport) => void>()
    render(
      <StrictMode>
        <PersistedCacheProvider
          client={newClient()}
          persister={createIndexedDBPersister({ namespace: 'u1', dbName })}
          onRestored={onRestored}
        >
          <Project queryFn={() => Promise.resolve({ name: 'Fetched' })} />
        </PersistedCacheProvider>
      </StrictMode>,
    )
    expect(await screen.findByText('Restored')).toBeTruthy()
    expect(onRestored).toHaveBeenCalledTimes(1)
    expect(onRestored.mock.calls[0]?.[0]).toMatchObject({ restored: 1 })
  })
})
