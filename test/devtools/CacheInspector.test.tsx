import { QueryClientProvider, useQuery } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import { act, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createStore } from 'zustand/vanilla'
import { CacheInspector } from '../../src/devtools/index'
import { invalidateKeys } from '../../src/invalidateKeys'
import type { StreamStatus } from '../../src/live/index'
import { getCacheMetrics } from '../../src/metrics/getCacheMetrics'
import { reportPersistence } from '../../src/metrics/reportPersistence'
import { trackCacheMetrics } from '../../src/metrics/trackCacheMetrics'
import { tiers } from '../../src/tiers'
import { createTestClient } from '../helpers/createTestClient'
import { inspector } from './inspectorPanel'

let client: QueryClient
let stopTracking: () => void

beforeEach(() => {
  client = createTestClient()
  stopTracking = trackCacheMetrics(client)
})

afterEach(() => {
  stopTracking()
  client.clear()
})

function Project({ id, tier = 'normal' }: { id: string; tier?: 'normal' | 'critical' }) {
  const { data } = useQuery({
    queryKey: ['projects', 'detail', id],
    queryFn: async () => ({ id, name: `Project ${id}` }),
    staleTime: tiers[tier].staleTime,
    meta: { tier, persist: true },
  })
  return <p>{data?.name ?? 'loading'}</p>
}

function User() {
  const { data } = useQuery({ queryKey: ['users', 'me'], queryFn: async () => 'Ada', staleTime: 0 })
  return <p>{data ?? 'loading'}</p>
}

function renderApp(children: React.ReactNode, props: Partial<React.ComponentProps<typeof CacheInspector>> = {}) {
  return render(
    <QueryClientProvider client={client}>
      {children}
      <CacheInspector refreshMs={0} {...props} />
    </QueryClientProvider>,
  )
}

const figure = (label: string) => inspector().getByLabelText(label, { selector: 'dd' })

describe('CacheInspector', () => {
  it('shows the hit rate of real queries on its gauge', async () => {
    client.setQueryData(['projects', 'detail', 'p1'], { id: 'p1', name: 'Project p1' })
    renderApp(
      <>
        <Project id="p1" />
        <Project id="p2" />
      </>,
    )
    await screen.findByText('Project p2')
    await waitFor(() =>
      expect(inspector().getByRole('meter', { name: 'Hit rate' }).getAttribute('aria-valuenow')).toBe('50'),
    )
    expect(figure('Hits').textContent).toBe('1')
    expect(figure('Misses').textContent).toBe('1')
  })

  it('lists lookups per scope with their hit rate', async () => {
    renderApp(
      <>
        <Project id="p1" />
        <User />
      </>,
    )
    await screen.findByText('Ada')
    const table = await inspector().findByRole('table', { name: 'Lookups by scope' })
    const rows = within(table)
      .getAllByRole('row')
      .map((row) => row.textContent)
    expect(rows).toEqual(['scopehitsstalemisseshit rate', 'projects0010%', 'users0010%'])
  })

  it('lists lookups per tier', async () => {
    renderApp(
      <>
        <Project id="p1" tier="critical" />
        <User />
      </>,
    )
    await screen.findByText('Ada')
    const table = await inspector().findByRole('table', { name: 'Lookups by tier' })
    expect(within(table).getByRole('rowheader', { name: 'critical' }).closest('tr')?.textContent).toBe('critical0010%')
    expect(within(table).getByRole('rowheader', { name: 'untiered' }).closest('tr')?.textContent).toBe('untiered0010%')
  })

  it('shows fetch counts and latency once fetches settle', async () => {
    renderApp(<Project id="p1" />)
    await screen.findByText('Project p1')
    await waitFor(() => expect(figure('Fetches').textContent).toBe('1'))
    expect(figure('p50').textContent).toMatch(/^\d+ ms$/)
    expect(figure('Errors').textContent).toBe('0')
  })

  it('counts invalidations by source', async () => {
    renderApp(<Project id="p1" />)
    await screen.findByText('Project p1')
    await act(() => invalidateKeys(client, [['projects']], { source: 'stream' }))
    await waitFor(() => expect(figure('Invalidations by stream').textContent).toBe('1'))
    expect(figure('Invalidations by mutation').textContent).toBe('0')
  })

  it('lists cached queries with their tier and freshness', async () => {
    renderApp(
      <>
        <Project id="p1" />
        <User />
      </>,
    )
    await screen.findByText('Ada')
    await screen.findByText('Project p1')
    const table = inspector().getByRole('table', { name: 'Cached queries' })
    await waitFor(() => {
      const project = within(table).getByRole('rowheader', { name: '["projects","detail","p1"]' }).closest('tr')!
      expect(project.textContent).toMatch(/normal\s*fresh/)
    })
    const user = within(table).getByRole('rowheader', { name: '["users","me"]' }).closest('tr')!
    expect(user.textContent).toMatch(/untiered\s*stale/)
  })

  it('shows the status and role of the stream it follows', async () => {
    const status = createStore<StreamStatus>()(() => ({
      state: 'connecting',
      role: 'solo',
      lastEventId: undefined,
      retryCount: 0,
      lastError: undefined,
      dropped: 0,
      received: 0,
    }))
    renderApp(null, { stream: { status } })
    await waitFor(() => expect(figure('Stream').textContent).toBe('connecting'))
    act(() => status.setState({ state: 'open', role: 'leader', received: 3 }))
    await waitFor(() => expect(figure('Stream').textContent).toBe('open'))
    expect(figure('Role').textContent).toBe('leader')
    expect(figure('Stream events').textContent).toBe('3 received, 0 dropped')
  })

  it('shows the persisted size read from its persister', async () => {
    const persister = { stats: () => ({ records: 12, bytes: 3 * 1024 }) }
    renderApp(null, { persister })
    await waitFor(() => expect(figure('Persisted').textContent).toBe('12 records, 3.0 KiB'))
  })

  it('shows the last restore reported to the metrics', async () => {
    reportPersistence(client, {
      records: 2,
      bytes: 10,
      lastRestore: { restored: 2, expired: 1, busted: 0, corrupt: 1, ms: 8 },
    })
    renderApp(null)
    await waitFor(() => expect(figure('Last restore').textContent).toBe('2 restored, 2 dropped in 8 ms'))
  })

  it('resets the counters from its button', async () => {
    renderApp(<Project id="p1" />)
    await screen.findByText('Project p1')
    await waitFor(() => expect(figure('Misses').textContent).toBe('1'))
    act(() => inspector().getByRole('button', { name: 'Reset counters' }).click())
    await waitFor(() => expect(figure('Misses').textContent).toBe('0'))
    expect(getCacheMetrics(client).misses).toBe(0)
  })

  it('tracks the client itself when the app did not', async () => {
    stopTracking()
    const own = createTestClient()
    stopTracking = () => own.clear()
    render(
      <QueryClientProvider client={own}>
        <CacheInspector refreshMs={0} />
        <User />
      </QueryClientProvider>,
    )
    await screen.findByText('Ada')
    await waitFor(() => expect(figure('Misses').textContent).toBe('1'))
  })
})
