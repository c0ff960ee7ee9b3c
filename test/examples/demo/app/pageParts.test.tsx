// The demo page's parts from issue 15, in jsdom: the stream chip in words, the flash when a stream-driven
// refetch lands, the "N tabs, M requests" counter, and the failure buttons that follow the API's control.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, render, renderHook, screen } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createStore } from 'zustand/vanilla'
import { useStore } from 'zustand'
import type { StreamStatus } from '../../../../src/live'

// The chip and the flash read the stream through `useStreamStatus`; here it reads a store the test drives.
const status = createStore<Pick<StreamStatus, 'state' | 'role' | 'lastEventId' | 'received'>>(() => ({
  state: 'connecting',
  role: 'solo',
  lastEventId: undefined,
  received: 0,
}))
vi.mock('react-query-toolkit/live', () => ({
  useStreamStatus: <T,>(selector: (value: StreamStatus) => T) =>
    useStore(status, (value) => selector(value as StreamStatus)),
}))

const { StreamChip } = await import('../../../../examples/demo/app/StreamChip')
const { useStreamFlash } = await import('../../../../examples/demo/app/useStreamFlash')
const { TabsCounter } = await import('../../../../examples/demo/app/TabsCounter')
const { ServerSide } = await import('../../../../examples/demo/app/ServerSide')

afterEach(() => {
  status.setState({ state: 'connecting', role: 'solo', lastEventId: undefined, received: 0 })
  vi.useRealTimers()
})

describe('the stream chip', () => {
  it('says the state and the role in words and keeps the event id in its tooltip', () => {
    status.setState({ state: 'open', role: 'follower', lastEventId: '42' })
    render(<StreamChip />)
    const chip = screen.getByTestId('stream-status')
    expect(chip.textContent).toContain('Live updates: on · through another tab')
    expect(chip.title).toBe('Last event #42')
    expect(chip.dataset).toMatchObject({ state: 'open', role: 'follower', lastEventId: '42' })
  })

  it('names every state and role without showing raw codes', () => {
    status.setState({ state: 'reconnecting', role: 'leader' })
    render(<StreamChip />)
    expect(screen.getByTestId('stream-status').textContent).toBe(
      'Live updates: reconnecting · this tab holds the connection',
    )
  })
})

describe('useStreamFlash', () => {
  it('flashes when data lands after a stream event, then stops', () => {
    vi.useFakeTimers()
    const { result, rerender } = renderHook(({ at }) => useStreamFlash(at), { initialProps: { at: 1 } })
    act(() => status.setState({ received: 1 }))
    rerender({ at: 2 })
    expect(result.current).toBe(true)
    act(() => vi.advanceTimersByTime(1_000))
    expect(result.current).toBe(false)
  })

  it('does not flash when data lands without a stream event (a local write or a first load)', () => {
    const { result, rerender } = renderHook(({ at }) => useStreamFlash(at), { initialProps: { at: 0 } })
    rerender({ at: 1 })
    expect(result.current).toBe(false)
    rerender({ at: 2 })
    expect(result.current).toBe(false)
  })

  it('does not flash on a stream event alone, before anything lands', () => {
    const { result } = renderHook(({ at }) => useStreamFlash(at), { initialProps: { at: 1 } })
    act(() => status.setState({ received: 3 }))
    expect(result.current).toBe(false)
  })
})

describe('the tabs and requests counter', () => {
  it.each([
    [{ tabs: 5, requests: 1 }, '5 tabs, 1 request'],
    [{ tabs: 1, requests: 5 }, '1 tab, 5 requests'],
  ])('reads %o as "%s"', (figures, text) => {
    render(<TabsCounter stats={{ ...figures, failWrites: 0, refuseWrites: 0 }} />)
    expect(screen.getByTestId('tabs-requests').textContent).toBe(text)
  })
})

describe('the failure buttons', () => {
  const wrapper = (client: QueryClient) =>
    function Wrapper({ children }: { children: ReactNode }) {
      return <QueryClientProvider client={client}>{children}</QueryClientProvider>
    }
  const stats = (failWrites: number) => ({ tabs: 1, requests: 0, failWrites, refuseWrites: 0 })

  it('shows the API armed state, and the idle label again once the API has used it up', () => {
    const client = new QueryClient()
    const { rerender } = render(<ServerSide orgId="o1" stats={stats(1)} refresh={() => {}} />, {
      wrapper: wrapper(client),
    })
    expect(screen.getByRole('button', { name: 'Next write will fail' })).toBeTruthy()
    rerender(<ServerSide orgId="o1" stats={stats(0)} refresh={() => {}} />)
    expect(screen.getByRole('button', { name: 'Fail the next write (500)' })).toBeTruthy()
  })

  it('reads the API control again as soon as a write fails', async () => {
    const client = new QueryClient()
    const refresh = vi.fn()
    render(<ServerSide orgId="o1" stats={stats(1)} refresh={refresh} />, { wrapper: wrapper(client) })
    const mutation = client.getMutationCache().build(client, {
      mutationFn: () => Promise.reject(new Error('write failed on purpose')),
    })
    await mutation.execute(undefined).catch(() => {})
    expect(refresh).toHaveBeenCalledTimes(1)
  })
})
