// React bindings: useInvalidationStream's lifecycle (StrictMode included) and useStreamStatus.
import { IsRestoringProvider, QueryClientProvider } from '@tanstack/react-query'
import { act, render, screen } from '@testing-library/react'
import { StrictMode } from 'react'
import type { ReactNode } from 'react'
import { afterEach, expect, it, vi } from 'vitest'
import { subscribeInvalidations } from '../../src/internal/invalidationEvents'
import { useInvalidationStream, useStreamStatus } from '../../src/live'
import { getCacheMetrics } from '../../src/metrics/getCacheMetrics'
import { trackCacheMetrics } from '../../src/metrics/trackCacheMetrics'
import type { InvalidationStreamOptions } from '../../src/live'
import { createFakeEndpoint, createFakeLocks, hello, isInvalidated, seededClient, sse } from './helpers'

afterEach(() => {
  vi.restoreAllMocks()
})

function Stream({ url, options }: { url: string; options: Omit<InvalidationStreamOptions, 'url'> }) {
  useInvalidationStream(url, options)
  return null
}

function Status() {
  const state = useStreamStatus((status) => status.state)
  const received = useStreamStatus((status) => status.received)
  return <p>{`${state}:${received}`}</p>
}

function setup(children: (options: Omit<InvalidationStreamOptions, 'url'>) => ReactNode, strict = false) {
  const client = seededClient([['todos']])
  const endpoint = createFakeEndpoint()
  const locks = createFakeLocks()
  const options = { fetch: endpoint.fetch, locks, jitterMs: 0 }
  const tree = <QueryClientProvider client={client}>{children(options)}</QueryClientProvider>
  const view = render(strict ? <StrictMode>{tree}</StrictMode> : tree)
  return { client, endpoint, locks, view }
}

const live = (endpoint: ReturnType<typeof createFakeEndpoint>) =>
  endpoint.connections.filter((connection) => !connection.signal?.aborted)

it('connects on mount and closes on unmount', async () => {
  const { endpoint, view } = setup((options) => <Stream url="/hooks/a" options={options} />)
  const connection = await endpoint.connection(1)
  expect(connection.signal?.aborted).toBe(false)
  view.unmount()
  expect(connection.signal?.aborted).toBe(true)
})

it('waits for a cache restore to finish before it connects', async () => {
  const client = seededClient([])
  const endpoint = createFakeEndpoint()
  const options = { fetch: endpoint.fetch, share: false as const, jitterMs: 0 }
  const tree = (restoring: boolean) => (
    <QueryClientProvider client={client}>
      <IsRestoringProvider value={restoring}>
        <Stream url="/hooks/restoring" options={options} />
      </IsRestoringProvider>
    </QueryClientProvider>
  )
  const view = render(tree(true))
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(endpoint.connections).toHaveLength(0)
  view.rerender(tree(false))
  await endpoint.connection(1)
  expect(endpoint.connections).toHaveLength(1)
  view.unmount()
})

it('holds exactly one connection under StrictMode and applies each event once', async () => {
  const { client, endpoint, locks } = setup((options) => <Stream url="/hooks/strict" options={options} />, true)
  const applied: Array<string> = []
  subscribeInvalidations(client, (record) => applied.push(record.source))
  await vi.waitFor(() => expect(live(endpoint)).toHaveLength(1))
  // StrictMode connected, closed and connected again: the first one left nothing behind.
  expect(locks.requests()).toBe(2)
  expect(locks.holders()).toBe(1)
  live(endpoint)[0]?.push(hello() + sse('invalidate', { v: 1, keys: [['todos']] }))
  await vi.waitFor(() => expect(isInvalidated(client, ['todos'])).toBe(true))
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(applied).toEqual(['stream'])
  expect(live(endpoint)).toHaveLength(1)
})

it('calls the latest headers getter on each connection', async () => {
  const endpoint = createFakeEndpoint()
  const client = seededClient([])
  const first = vi.fn(async () => ({ Authorization: 'first' }))
  const second = vi.fn(async () => ({ Authorization: 'second' }))
  const ui = (headers: typeof first) => (
    <QueryClientProvider client={client}>
      <Stream
        url="/hooks/headers"
        options={{ fetch: endpoint.fetch, share: false, headers, retry: { initialDelayMs: 1, minDelayMs: 0 } }}
      />
    </QueryClientProvider>
  )
  const view = render(ui(first))
  expect((await endpoint.connection(1)).headers.get('authorization')).toBe('first')
  view.rerender(ui(second))
  endpoint.connections[0]?.end()
  expect((await endpoint.connection(2)).headers.get('authorization')).toBe('second')
  view.unmount()
})

it('shows the status of the most recent stream and follows it', async () => {
  const { endpoint } = setup((options) => (
    <>
      <Stream url="/hooks/status" options={options} />
      <Status />
    </>
  ))
  await vi.waitFor(() => expect(screen.getByText('open:0')).toBeTruthy())
  await act(async () => {
    ;(await endpoint.connection(1)).push(hello())
  })
  await vi.waitFor(() => expect(screen.getByText('open:1')).toBeTruthy())
})

it('shows closed when no stream is open', () => {
  function Whole() {
    const status = useStreamStatus()
    return <p>{`${status.state}/${status.role}`}</p>
  }
  render(<Whole />)
  expect(screen.getByText('closed/solo')).toBeTruthy()
})

it('reports the stream it opened to the cache metrics of its client, with no wiring', async () => {
  const { client, endpoint } = setup((options) => <Stream url="/hooks/metrics" options={options} />)
  const stopTracking = trackCacheMetrics(client)
  await vi.waitFor(() => expect(getCacheMetrics(client).stream).toMatchObject({ state: 'open', role: 'leader' }))
  await act(async () => {
    ;(await endpoint.connection(1)).push(hello())
  })
  await vi.waitFor(() => expect(getCacheMetrics(client).stream?.received).toBe(1))
  stopTracking()
})
