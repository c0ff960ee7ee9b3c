// Another tab is a trust boundary for shared fetches too: an answer of the wrong shape or size, for
// another key, older than what the tab holds, or for a query it did not ask about is dropped (and
// counted when it is malformed or refused by a waiting query); nothing cached is lost, and a waiting
// tab still ends with data.
import fc from 'fast-check'
import { afterEach, expect, it, vi } from 'vitest'
import { parseShareAnswer } from '../../src/tabs/shareAnswer'
import { fetchLockName } from '../../src/tabs/shareFetches'
import { createApi, crossing, observe, queryOf, sharedTabs } from './helpers/sharedTabs'

const cleanups: Array<() => void> = []

afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup())
})

const items = ['items'] as const
const answer = (fields: Record<string, unknown> = {}) => ({
  hash: '["items"]',
  key: ['items'],
  data: { version: 666 },
  startedAt: Date.now(),
  dataUpdatedAt: Date.now(),
  ...fields,
})

/** Tab B waits for `['items']` while a stuck tab holds its lock; releasing it lets B fetch itself. */
async function waitingTab(options: { maxSize?: number } = {}) {
  const api = createApi()
  const setup = sharedTabs(cleanups, 1, options)
  const [tab] = setup.tabs
  let release = () => {}
  const stuck = setup.manager.tab()
  void stuck.request(fetchLockName(setup.channelName, '["items"]'), {}, () => new Promise<void>((r) => (release = r)))
  const b = observe(cleanups, tab!.client, { queryKey: items, queryFn: api.fetch })
  await crossing()
  expect(b.current().isFetching).toBe(true)
  return { ...setup, api, b, tab: tab!, release: () => release() }
}

it.each([
  ['a number', 7],
  ['an answer without a hash', answer({ hash: undefined })],
  ['an answer without data', answer({ data: undefined })],
  ['an answer whose key is not an array', answer({ key: 'items' })],
  ['an answer whose key has a forbidden property', answer({ key: [JSON.parse('{"__proto__":{"x":1}}')] })],
  [
    'an answer whose key is nested deeper than 16',
    answer({ key: [JSON.parse('['.repeat(17) + '1' + ']'.repeat(17))] }),
  ],
  ['an answer dated by a string', answer({ dataUpdatedAt: 'now' })],
  ['an answer dated before the epoch', answer({ dataUpdatedAt: -1 })],
  ['an answer that ends before it starts', answer({ startedAt: Date.now() + 10, dataUpdatedAt: Date.now() })],
])('drops and counts %s, leaving the waiting query to fetch itself', async (_, payload) => {
  const { answerAsTab, tab, b, api, release } = await waitingTab()
  answerAsTab(payload)
  await vi.waitFor(() => expect(tab.stop.dropped()).toBe(1))
  expect(b.current()).toMatchObject({ isFetching: true, data: undefined })
  release()
  await vi.waitFor(() => expect(b.current().data).toEqual({ version: 1 }))
  expect(api.requests).toBe(1)
})

it('drops and counts an answer over maxSize before reading it', async () => {
  const { answerAsTab, tab, b } = await waitingTab({ maxSize: 1000 })
  answerAsTab(answer({ data: 'x'.repeat(2000) }))
  await vi.waitFor(() => expect(tab.stop.dropped()).toBe(1))
  expect(b.current().data).toBeUndefined()
})

it('drops and counts an answer whose key does not hash to the announced hash', async () => {
  const { answerAsTab, tab, b } = await waitingTab()
  answerAsTab(answer({ key: ['other'] }))
  await vi.waitFor(() => expect(tab.stop.dropped()).toBe(1))
  expect(b.current().data).toBeUndefined()
})

it('drops and counts an answer older than what the waiting tab holds', async () => {
  const { answerAsTab, tab, b, api, manager, channelName, release } = await waitingTab()
  release()
  await vi.waitFor(() => expect(b.current().data).toEqual({ version: 1 }))
  const held = b.current().dataUpdatedAt
  let releaseAgain = () => {}
  const stuck = manager.tab()
  void stuck.request(fetchLockName(channelName, '["items"]'), {}, () => new Promise<void>((r) => (releaseAgain = r)))
  void tab.client.refetchQueries({ queryKey: items })
  await crossing()
  answerAsTab(answer({ startedAt: held - 10, dataUpdatedAt: held - 1 }))
  await vi.waitFor(() => expect(tab.stop.dropped()).toBe(1))
  expect(b.current()).toMatchObject({ isFetching: true, data: { version: 1 }, dataUpdatedAt: held })
  releaseAgain()
  await vi.waitFor(() => expect(b.current().isFetching).toBe(false))
  expect(api.requests).toBe(2)
})

it('ignores an answer for a query it did not ask about, keeping what it holds', async () => {
  const { answerAsTab, tabs } = sharedTabs(cleanups, 1)
  const client = tabs[0]!.client
  client.setQueryData(['kept'], 'mine')
  answerAsTab(answer({ hash: '["kept"]', key: ['kept'], data: 'theirs' }))
  answerAsTab(answer({ hash: '["new"]', key: ['new'], data: 'theirs' }))
  await crossing()
  expect(client.getQueryData(['kept'])).toBe('mine')
  expect(queryOf(client, ['new'])).toBeUndefined()
})

it('reads an answer dated in the future as answered now', () => {
  const parsed = parseShareAnswer(answer({ startedAt: Date.now() + 60_000, dataUpdatedAt: Date.now() + 60_000 }))
  expect(parsed?.dataUpdatedAt).toBeLessThanOrEqual(Date.now())
})

it('never throws on an answer of any shape, and passes on only well-formed ones', () => {
  fc.assert(
    fc.property(fc.anything({ withMap: true, withSet: true, withDate: true, withTypedArray: true }), (payload) => {
      const parsed = parseShareAnswer(payload)
      if (parsed === undefined) return
      expect(typeof parsed.hash).toBe('string')
      expect(parsed.startedAt).toBeLessThanOrEqual(parsed.dataUpdatedAt)
    }),
  )
})

it('fetches as without sharing when Web Locks refuse every request (an opaque origin)', async () => {
  const api = createApi()
  const refusing = { request: () => Promise.reject(new DOMException('denied', 'SecurityError')) }
  const { tabs } = sharedTabs(cleanups, 2, { locks: refusing })
  const seen = tabs.map((tab) => observe(cleanups, tab.client, { queryKey: items, queryFn: api.fetch }))
  await vi.waitFor(() => seen.forEach((tab) => expect(tab.current().data).toEqual({ version: 1 })))
  expect(api.requests).toBe(2)
})
