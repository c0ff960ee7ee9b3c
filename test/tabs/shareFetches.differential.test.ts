// Shared fetches against TanStack alone: a tab that syncs without `shareFetches` behaves exactly as
// TanStack does, and a tab that shares with no other tab asking goes through the same states (mount,
// invalidation, a manual write, an error, a cancel, an unmount mid-fetch). A shared fetch reads its
// abort signal at once, as a query function that listens to it does; one cancelled before its lock is
// granted makes no request.
import { QueryClient, QueryObserver } from '@tanstack/react-query'
import { afterEach, expect, it } from 'vitest'
import { syncTabs } from '../../src/shareFetches'
import type { SyncTabsOptions } from '../../src/syncTabs'
import { createLockManager } from './helpers/webLocks'

const cleanups: Array<() => void> = []

afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup())
})

const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs one script against `client` and returns what its observer saw, step by step. */
async function script(client: QueryClient) {
  let calls = 0
  const aborted: Array<boolean> = []
  const queryFn = async ({ signal }: { signal: AbortSignal }) => {
    const call = ++calls
    await new Promise((resolve) => setTimeout(resolve, 5))
    aborted.push(signal.aborted)
    if (call === 3) throw new Error('third call fails')
    return { call }
  }
  const seen: Array<unknown> = []
  const options = { queryKey: ['script'], queryFn, retry: false, staleTime: Number.POSITIVE_INFINITY }
  const observer = new QueryObserver(client, options)
  const record = () => {
    const { status, fetchStatus, data, error } = observer.getCurrentResult()
    const snapshot = JSON.stringify({ status, fetchStatus, data, error: error?.message })
    if (seen.at(-1) !== snapshot) seen.push(snapshot)
  }
  let unsubscribe = observer.subscribe(record)
  await settle()
  await client.invalidateQueries({ queryKey: ['script'] })
  client.setQueryData(['script'], { call: 'manual' })
  record()
  await client.refetchQueries({ queryKey: ['script'] })
  await client.refetchQueries({ queryKey: ['script'] })
  void client.refetchQueries({ queryKey: ['script'] })
  await client.cancelQueries({ queryKey: ['script'] })
  record()
  void client.refetchQueries({ queryKey: ['script'] })
  unsubscribe()
  await settle()
  unsubscribe = observer.subscribe(record)
  await settle()
  record()
  unsubscribe()
  return { seen, calls, aborted, state: client.getQueryState(['script'])?.status }
}

async function compare(options: SyncTabsOptions) {
  const theirs = new QueryClient()
  const ours = new QueryClient()
  cleanups.push(syncTabs(ours, { channelName: `differential-${Math.random()}`, ...options }))
  const [expected, actual] = [await script(theirs), await script(ours)]
  return { expected, actual, ours }
}

it('behaves as TanStack alone with shareFetches off', async () => {
  const { expected, actual, ours } = await compare({})
  expect(actual).toEqual(expected)
  expect(Object.prototype.hasOwnProperty.call(ours, 'defaultQueryOptions')).toBe(false)
})

it('goes through the states of TanStack alone when it shares with no other tab asking', async () => {
  const { expected, actual } = await compare({ shareFetches: { locks: createLockManager().tab() } })
  expect(actual.seen).toEqual(expected.seen)
  expect(actual.state).toEqual(expected.state)
})

it('skips the requests TanStack alone makes and aborts at once (cancelled while the lock is taken)', async () => {
  const { expected, actual } = await compare({ shareFetches: { locks: createLockManager().tab() } })
  expect(expected.aborted).toContain(true)
  expect(actual.aborted).toEqual(expected.aborted.filter((wasAborted) => !wasAborted))
})
