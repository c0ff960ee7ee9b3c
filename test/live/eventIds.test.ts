// @vitest-environment node
// Event ids are a trust boundary: an id that could not be sent back as a header, from the server,
// another tab or localStorage, is ignored: never kept, stored or relayed, and never stops the stream.
import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ResumeStorage } from '../../src/live'
import { isEventId, MAX_EVENT_ID_LENGTH } from '../../src/live/internal/eventId'
import { closeStreams, connectToFakeEndpoint, hello, isInvalidated, seededClient, sse, tick } from './helpers'
import { twoTabs } from './tabHarness'

const cleanups: Array<() => void> = []

afterEach(() => {
  closeStreams()
  cleanups.splice(0).forEach((cleanup) => cleanup())
})

const unsendable: Array<[string, string]> = [
  ['a character beyond Latin-1', 'evt-€-1'],
  ['an emoji', 'evt-😀'],
  ['a lone surrogate', 'evt-\ud800'],
  ['a control character', 'evt\u0001'],
  ['DEL', 'evt\u007f'],
  ['a C1 control character', 'evt\u0085'],
  ['a tab', 'evt\t1'],
  ['a space at the end', 'evt-1 '],
  [`more than ${MAX_EVENT_ID_LENGTH} characters`, 'x'.repeat(MAX_EVENT_ID_LENGTH + 1)],
]

const storageKey = 'react-query-toolkit:live:http://test/stream:last-event-id'

function memoryStorage(entries: Record<string, unknown> = {}) {
  const map = new Map(Object.entries(entries))
  const storage: ResumeStorage = {
    getItem: (key) => (map.get(key) ?? null) as string | null,
    setItem: (key, value) => void map.set(key, value),
  }
  return { storage, map }
}

describe('isEventId', () => {
  it.each(unsendable)('refuses %s', (_, id) => {
    expect(isEventId(id)).toBe(false)
  })

  it.each(['42', 'k1.41', 'évènement-ÿ', 'a b', 'x'.repeat(MAX_EVENT_ID_LENGTH)])(
    'accepts %j, which a header carries unchanged',
    (id) => {
      expect(isEventId(id)).toBe(true)
      expect(new Headers({ 'Last-Event-ID': id }).get('Last-Event-ID')).toBe(id)
    },
  )

  it.each([undefined, null, 42, {}, ''])('refuses %j', (value) => {
    expect(isEventId(value)).toBe(false)
  })

  it('accepts only strings that a Headers object carries back unchanged (any string)', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
    )
    fc.assert(
      fc.property(text, (id) => {
        if (!isEventId(id)) return
        expect(new Headers({ 'Last-Event-ID': id }).get('Last-Event-ID')).toBe(id)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('ids from the server', () => {
  it.each(unsendable)('ignores an id with %s, applies the event, and resumes from the previous id', async (_, bad) => {
    const { storage, map } = memoryStorage()
    const client = seededClient([['a']])
    const { endpoint, stream } = connectToFakeEndpoint(client, { resumeStorage: storage, retry: { minDelayMs: 0 } })
    const first = await endpoint.connection(1)
    first.push(
      hello() + sse('invalidate', { v: 1, tags: ['t'] }, 'good-1') + sse('invalidate', { v: 1, keys: [['a']] }, bad),
    )
    await vi.waitFor(() => expect(isInvalidated(client, ['a'])).toBe(true))
    await tick()
    expect(stream.status.getState().lastEventId).toBe('good-1')
    expect(map.get(storageKey)).toBe('good-1')
    first.end()
    const second = await endpoint.connection(2)
    expect(second.headers.get('Last-Event-ID')).toBe('good-1')
    second.push(hello())
    await vi.waitFor(() => expect(stream.status.getState().state).toBe('open'))
  })

  it('clears the resume point when the server sends an empty id', async () => {
    const { storage, map } = memoryStorage()
    const { endpoint, stream } = connectToFakeEndpoint(seededClient([]), { resumeStorage: storage })
    ;(await endpoint.connection(1)).push(hello() + sse('reset', { v: 1 }, 'r-1') + sse('reset', { v: 1 }, ''))
    await tick()
    expect(stream.status.getState().lastEventId).toBeUndefined()
    expect(map.get(storageKey)).toBe('')
  })
})

describe('ids kept by an earlier page', () => {
  it.each([
    ...unsendable,
    ['a newline', 'evt\n1'],
    ['a NUL', 'evt\u00001'],
    ['a header injection', 'x\r\nAuthorization: Bearer stolen'],
  ])('discards a kept id with %s and connects without a resume point', async (_, bad) => {
    const { storage } = memoryStorage({ [storageKey]: bad })
    const { endpoint, stream } = connectToFakeEndpoint(seededClient([]), { resumeStorage: storage })
    const first = await endpoint.connection(1)
    expect(first.headers.get('Last-Event-ID')).toBeNull()
    expect(first.url).toBe('http://test/stream')
    expect(stream.status.getState().lastEventId).toBeUndefined()
    first.push(hello())
    await vi.waitFor(() => expect(stream.status.getState().state).toBe('open'))
  })

  it('deletes a kept id that fails the check from the storage', async () => {
    const { storage, map } = memoryStorage({ [storageKey]: 'evt-€' })
    storage.removeItem = (key) => void map.delete(key)
    const { endpoint } = connectToFakeEndpoint(seededClient([]), { resumeStorage: storage })
    await endpoint.connection(1)
    expect(map.has(storageKey)).toBe(false)
  })

  it.each([{ an: 'object' }, 42, ['k1']])('discards a kept value that is not a string (%j)', async (value) => {
    const { storage } = memoryStorage({ [storageKey]: value })
    const { endpoint } = connectToFakeEndpoint(seededClient([]), { resumeStorage: storage })
    expect((await endpoint.connection(1)).headers.get('Last-Event-ID')).toBeNull()
  })
})

describe('ids from another tab', () => {
  it.each([...unsendable, ['a newline', 'evt\n1']])(
    'counts a relayed event whose id has %s, without keeping the id',
    async (_, bad) => {
      const { postAsTab, tabB } = await twoTabs(cleanups)
      postAsTab({ t: 'event', name: 'invalidate', data: '{"v":1,"keys":[["b"]]}', id: 'fine-7' })
      postAsTab({ t: 'event', name: 'invalidate', data: '{"v":1,"keys":[["shared"]]}', id: bad })
      await vi.waitFor(() => expect(tabB.status.getState().received).toBe(2))
      expect(tabB.status.getState()).toMatchObject({ lastEventId: 'fine-7', dropped: 0 })
    },
  )

  it('never relays an id it ignored to the other tabs', async () => {
    const { endpoint, raw, clientB } = await twoTabs(cleanups)
    const relayed: Array<unknown> = []
    raw.onmessage = (event: MessageEvent<{ payload: { t: string; id?: unknown } }>) => {
      if (event.data.payload.t === 'event') relayed.push(event.data.payload.id)
    }
    ;(await endpoint.connection(1)).push(hello() + sse('invalidate', { v: 1, keys: [['shared']] }, 'évt-€'))
    await vi.waitFor(() => expect(isInvalidated(clientB, ['shared'])).toBe(true))
    await tick()
    expect(relayed).toEqual([undefined, undefined])
  })
})
