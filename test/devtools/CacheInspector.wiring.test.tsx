// The inspector in an app set up as the README shows: a stream opened with useInvalidationStream and
// a cache restored from IndexedDB, with no props to connect them.
import { QueryClientProvider } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import { act, render, screen, waitFor, within } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createQueryKeys } from '../../src/createQueryKeys'
import { defineQueries } from '../../src/defineQueries'
import { CacheInspector } from '../../src/devtools/index'
import { connectInvalidationStream, useInvalidationStream } from '../../src/live/index'
import { getCacheMetrics } from '../../src/metrics/getCacheMetrics'
import { trackCacheMetrics } from '../../src/metrics/trackCacheMetrics'
import { createIndexedDBPersister, persistQueryCache } from '../../src/persist/index'
import { minutes } from '../../src/time'
import { createFakeEndpoint, createFakeLocks, hello, seededClient } from '../live/helpers'
import { createTestClient } from '../helpers/createTestClient'
import { inspector } from './inspectorPanel'
import { uniqueKey } from '../helpers/uniqueKey'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
  vi.useRealTimers()
})

const figure = (label: string) => inspector().getByLabelText(label, { selector: 'dd' })

describe('the stream figures without a stream prop', () => {
  function Stream({ url, options }: { url: string; options: object }) {
    useInvalidationStream(url, options)
    return null
  }

  function App({ client, options }: { client: QueryClient; options: object }) {
    const [streaming, setStreaming] = useState(true)
    return (
      <QueryClientProvider client={client}>
        {streaming && <Stream url="/inspector/stream" options={options} />}
        <button type="button" onClick={() => setStreaming(false)}>
          disconnect
        </button>
        <CacheInspector refreshMs={0} />
      </QueryClientProvider>
    )
  }

  const setup = () => {
    const endpoint = createFakeEndpoint()
    const options = { fetch: endpoint.fetch, locks: createFakeLocks(), jitterMs: 0 }
    const view = render(<App client={seededClient([['todos']])} options={options} />)
    cleanups.push(view.unmount)
    return endpoint
  }

  it('shows the state and role of the stream useInvalidationStream opened', async () => {
    setup()
    await waitFor(() => expect(figure('Stream').textContent).toBe('open'))
    expect(figure('Role').textContent).toBe('leader')
  })

  it('counts the events that stream receives', async () => {
    const endpoint = setup()
    await act(async () => (await endpoint.connection(1)).push(hello()))
    await waitFor(() => expect(figure('Stream events').textContent).toBe('1 received, 0 dropped'))
  })

  it('shows the stream closed once the component that opened it unmounts', async () => {
    setup()
    await waitFor(() => expect(figure('Stream').textContent).toBe('open'))
    act(() => screen.getByRole('button', { name: 'disconnect' }).click())
    await waitFor(() => expect(figure('Stream').textContent).toBe('closed'))
  })

  it('shows no stream for another tracked client once the stream is bound to its own client', async () => {
    const other = createTestClient()
    cleanups.push(trackCacheMetrics(other))
    setup()
    await waitFor(() => expect(figure('Stream').textContent).toBe('open'))
    expect(getCacheMetrics(other).stream).toBeUndefined()
  })

  it('does not show the stream of another QueryClient', async () => {
    setup()
    await waitFor(() => expect(figure('Stream').textContent).toBe('open'))
    const other = createTestClient()
    render(
      <QueryClientProvider client={other}>
        <aside aria-label="other">
          <CacheInspector refreshMs={0} />
        </aside>
      </QueryClientProvider>,
    )
    const panels = screen.getAllByRole('complementary', { name: 'Cache inspector' })
    expect(inspector(panels[1]).getByLabelText('Stream', { selector: 'dd' }).textContent).toBe('not connected')
  })
})

describe('a stream opened without the hook', () => {
  it('is followed by the metrics of the client it was opened for, and of no other', async () => {
    const endpoint = createFakeEndpoint()
    const mine = createTestClient()
    const other = createTestClient()
    cleanups.push(trackCacheMetrics(mine), trackCacheMetrics(other))
    const stream = connectInvalidationStream(mine, { url: '/inspector/direct', fetch: endpoint.fetch, share: false })
    cleanups.push(stream.close)
    await vi.waitFor(() => expect(getCacheMetrics(mine).stream?.state).toBe('open'))
    expect(getCacheMetrics(other).stream).toBeUndefined()
  })
})

describe('sources that misbehave', () => {
  const renderWith = (props: Partial<React.ComponentProps<typeof CacheInspector>>) => {
    const client = createTestClient()
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const view = render(
      <QueryClientProvider client={client}>
        <CacheInspector refreshMs={0} {...props} />
      </QueryClientProvider>,
    )
    cleanups.push(view.unmount, () => vi.restoreAllMocks())
  }
  const broken = () => {
    throw new Error('broken source')
  }

  it('keeps showing the panel when the stream prop’s status store throws, and counts the drop', async () => {
    renderWith({ stream: { status: { getState: broken, subscribe: broken } } })
    expect(figure('Stream').textContent).toBe('not connected')
    await waitFor(() => expect(figure('Invalid reports dropped').textContent).toBe('2'))
  })

  it('keeps showing the panel when the persister’s stats() throws, and counts the drop', async () => {
    renderWith({ persister: { stats: broken } })
    expect(figure('Persisted').textContent).toBe('not persisted')
    await waitFor(() => expect(figure('Invalid reports dropped').textContent).toBe('1'))
  })

  it('shows what a persister reports as junk as dropped, not as figures', async () => {
    renderWith({ persister: { stats: () => ({ records: Number.NaN, bytes: -1 }) } })
    await waitFor(() => expect(figure('Invalid reports dropped').textContent).toBe('1'))
    expect(figure('Persisted').textContent).toBe('not persisted')
  })
})

describe('restored queries', () => {
  const keys = createQueryKeys(uniqueKey('accounts'), { profile: (id: string) => [id], balance: (id: string) => [id] })
  const queries = defineQueries(keys, {
    profile: { tier: 'long', queryFn: (id: string) => ({ id, name: 'Ada' }) },
    balance: { tier: 'critical', queryFn: (id: string) => ({ id, cents: 100 }) },
  })

  /** Writes both queries to IndexedDB `minutesAgo` before now, then restores them into a new client. */
  async function restoreWritten(minutesAgo: number) {
    const dbName = `inspector-${uniqueKey()}`
    const writer = createTestClient()
    const writing = persistQueryCache(writer, createIndexedDBPersister({ namespace: 'u1', dbName }))
    await writing.restored
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() - minutes(minutesAgo))
    await writer.fetchQuery(queries.profile('a1'))
    await writer.fetchQuery(queries.balance('a1'))
    vi.useRealTimers()
    await writing.flush()
    writing.stop()
    const client = createTestClient()
    const reading = persistQueryCache(client, createIndexedDBPersister({ namespace: 'u1', dbName }))
    cleanups.push(reading.stop)
    await reading.restored
    return client
  }

  const freshnessOf = (key: ReadonlyArray<unknown>) =>
    within(inspector().getByRole('table', { name: 'Cached queries' }))
      .getByRole('rowheader', { name: JSON.stringify(key) })
      .closest('tr')!
      .querySelectorAll('td')[1]!.textContent

  it('shows a restored query fresh while its tier keeps it fresh', async () => {
    const client = await restoreWritten(10)
    render(
      <QueryClientProvider client={client}>
        <CacheInspector refreshMs={0} />
      </QueryClientProvider>,
    )
    expect(freshnessOf(queries.profile('a1').queryKey)).toBe('fresh')
  })

  it('shows a restored query stale once its tier’s staleTime has passed', async () => {
    const client = await restoreWritten(10)
    render(
      <QueryClientProvider client={client}>
        <CacheInspector refreshMs={0} />
      </QueryClientProvider>,
    )
    expect(freshnessOf(queries.balance('a1').queryKey)).toBe('stale')
  })
})
