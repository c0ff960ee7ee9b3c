// @vitest-environment node
// docs/protocol.md cannot drift silently: its example sessions are the exact bytes the real hub writes, each
// example event is accepted by the client's validator and does to a QueryClient what the page says, and every
// limit the page states equals the constant in the code.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { createParser, type EventSourceMessage } from 'eventsource-parser'
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { connectInvalidationStream } from '../../src/live'
import { protocolLimits } from '../../src/protocol/types'
import { parseStreamEvent } from '../../src/protocol/validate'
import { tagsOption } from '../../src/internal/queryTags'
import { MAX_EVENT_ID_LENGTH } from '../../src/live/internal/eventId'
import { DEFAULT_MIN_DELAY_MS, MAX_JUNK_LINES } from '../../src/live/internal/openEventStream'
import { MAX_RETRY_AFTER_MS } from '../../src/live/internal/retryAfter'
import { isSafeEventId, pingFrame } from '../../src/server/internal/frames'
import { minRetryMs } from '../../src/server/internal/hubSettings'
import { maxLastEventIdLength } from '../../src/server/internal/requestTarget'
import {
  closeStreams,
  connectToFakeEndpoint,
  createFakeEndpoint,
  isInvalidated,
  seededClient,
  tick,
} from '../live/helpers'
import { startHubServer, type HubServer } from '../server/hubServer'

const docPath = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/protocol.md')
const doc = readFileSync(docPath, 'utf8')

/** The fenced block after `<!-- protocol-test: name -->`, byte for byte. */
function block(name: string): string {
  const marker = `<!-- protocol-test: ${name} -->\n`
  const at = doc.indexOf(marker)
  if (at < 0) throw new Error(`no block marked ${name} in docs/protocol.md`)
  const rest = doc.slice(at + marker.length).replace(/^\n+/, '')
  const open = /^(`{3,})[^\n]*\n/.exec(rest)
  if (!open) return rest.slice(0, rest.indexOf('\n\n'))
  const body = rest.slice(open[0].length)
  return body.slice(0, body.indexOf(`${open[1]}\n`))
}

/** The `Last-Event-ID: <id>` the prose just before a marked block names (the request it answers), if any. */
function resumeIdBefore(name: string): string | undefined {
  const before = doc.slice(0, doc.indexOf(`<!-- protocol-test: ${name} -->`))
  const paragraph = before.slice(before.lastIndexOf('```'))
  return /`Last-Event-ID: ([^`]+)`/.exec(paragraph)?.[1]
}

/** The events of a block (each SSE frame as text, and as the parser reads it) and any `retry:` value. */
function parse(text: string) {
  const events: Array<EventSourceMessage> = []
  const retries: Array<number> = []
  const parser = createParser({
    onEvent: (event) => events.push(event),
    onRetry: (ms) => retries.push(ms),
    onError: (error) => {
      throw error
    },
  })
  parser.feed(text)
  const frames = text.split(/(?<=\n\n)/)
  return { events, retries, frames }
}

const session = block('session')
const replay = block('replay')
const resync = block('resync')

afterEach(() => {
  closeStreams()
  vi.restoreAllMocks()
})

describe('docs/protocol.md: the example sessions', () => {
  it('marks three example bodies, each a whole SSE body ending with a blank line', () => {
    for (const text of [session, replay, resync]) {
      expect(text.endsWith('\n\n')).toBe(true)
      expect(text).not.toContain('\r')
    }
  })

  it('shows every event of protocol v1 and a retry line', () => {
    const names = new Set([session, resync].flatMap((text) => parse(text).events.map((event) => event.event)))
    expect([...names].sort()).toEqual(['hello', 'invalidate', 'ping', 'reset', 'resync'])
    expect(parse(session).retries).toHaveLength(1)
  })

  it('has every example event accepted by the protocol validator', () => {
    for (const text of [session, replay, resync]) {
      for (const { event, data } of parse(text).events) {
        expect(parseStreamEvent(event, data), `${event} ${data}`).toMatchObject({ ok: true })
      }
    }
  })

  it('shows an invalidate with keys, tags, exact and refetch', () => {
    const invalidations = parse(session)
      .events.filter((event) => event.event === 'invalidate')
      .map((event) => JSON.parse(event.data) as Record<string, unknown>)
    for (const field of ['keys', 'tags', 'exact', 'refetch']) {
      expect(
        invalidations.some((body) => field in body),
        field,
      ).toBe(true)
    }
  })
})

describe('docs/protocol.md: the bytes are what the hub writes', () => {
  let server: HubServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  /** A hub whose bus has the epoch of the examples, with the `retry:` they show, and 41 events published. */
  async function startExampleHub() {
    const helloId = parse(session).events[0]!.id!
    const [epoch, position] = helloId.split('.') as [string, string]
    // The memory bus draws its epoch from Math.random once: make it draw the one in the examples.
    vi.spyOn(Math, 'random').mockReturnValueOnce((parseInt(epoch, 36) + 0.5) / 36 ** 8)
    server = await startHubServer({ retryMs: parse(session).retries[0], heartbeatMs: 2 ** 31 - 1 })
    for (let index = 0; index < Number(position); index++) await server.hub.publish({ tags: ['warm-up'] })
    return server
  }

  /** Opens a stream and collects its raw body. */
  async function open(url: string, lastEventId?: string, via: 'header' | 'query' = 'header') {
    const controller = new AbortController()
    const inQuery = lastEventId !== undefined && via === 'query'
    const response = await fetch(inQuery ? `${url}?lastEventId=${encodeURIComponent(lastEventId)}` : url, {
      headers: lastEventId && !inQuery ? { 'Last-Event-ID': lastEventId } : {},
      signal: controller.signal,
    })
    let body = ''
    const waiters = new Set<() => void>()
    void (async () => {
      const decoder = new TextDecoder()
      try {
        const reader = response.body!.getReader()
        for (;;) {
          const { done, value } = await reader.read()
          if (done) break
          body += decoder.decode(value, { stream: true })
          waiters.forEach((waiter) => waiter())
        }
      } catch {
        // aborted
      }
    })()
    const frames = () => body.split('\n\n').length - 1
    return {
      response,
      body: () => body,
      until: (count: number) =>
        new Promise<void>((done) => {
          const check = () => frames() >= count && (waiters.delete(check), done())
          waiters.add(check)
          check()
        }),
      close: () => controller.abort(),
    }
  }

  /** Publishes what the example's `invalidate` and `reset` events say, through the hub's API. */
  async function publishExample(hub: HubServer['hub'], events: Array<EventSourceMessage>) {
    for (const { event, data } of events) {
      if (event === 'reset') await hub.reset()
      if (event !== 'invalidate') continue
      const { v: _version, ...input } = JSON.parse(data) as Record<string, unknown>
      await hub.publish(input)
    }
  }

  it('writes the example session byte for byte (pings aside)', async () => {
    const { hub, url } = await startExampleHub()
    const { events, frames } = parse(session)
    const stream = await open(url, resumeIdBefore('session'))
    await stream.until(1)
    await publishExample(hub, events)
    const expected = frames.filter((frame) => !frame.includes('event: ping\n'))
    await stream.until(expected.length)
    expect(stream.body()).toBe(expected.join(''))
    stream.close()
  })

  it('writes the ping of the example session as its heartbeat', () => {
    const ping = parse(session).frames.find((frame) => frame.includes('event: ping\n'))
    expect(ping).toBe(pingFrame.raw.toString())
  })

  it('sends the response headers the page lists', async () => {
    const { url } = await startExampleHub()
    const stream = await open(url)
    const listed = /```http\n(HTTP\/1\.1 200 OK\n[\s\S]*?)```/.exec(doc)![1]!.trim().split('\n').slice(1)
    for (const line of listed) {
      const [name, value] = line.split(': ') as [string, string]
      expect(stream.response.headers.get(name), name).toBe(value)
    }
    stream.close()
  })

  it.each([
    ['replay', 'header'],
    ['replay', 'query'],
    ['resync', 'header'],
    ['resync', 'query'],
  ] as const)('answers the resume request of the %s example, id in the %s, with its bytes', async (name, via) => {
    const { hub, url } = await startExampleHub()
    await publishExample(hub, parse(session).events)
    const expected = parse(block(name)).frames
    const lastEventId = resumeIdBefore(name)
    expect(lastEventId).toBeDefined()
    const stream = await open(url, lastEventId, via)
    await stream.until(expected.length)
    expect(stream.body()).toBe(expected.join(''))
    stream.close()
  })
})

describe('docs/protocol.md: the client does what the page says', () => {
  /** Queries with data, no observer, a counted queryFn, and tags where given. */
  function seed(queries: Array<[QueryKey, Array<string>?]>) {
    const client = seededClient([])
    const fetched: Array<string> = []
    for (const [queryKey, tags = []] of queries) {
      const query = client.getQueryCache().build(client, {
        queryKey,
        // Never settles: a refetched query stays invalidated, so what the event reached stays visible.
        queryFn: () => {
          fetched.push(JSON.stringify(queryKey))
          return new Promise(() => {})
        },
        [tagsOption]: () => tags,
      } as never)
      query.setData('cached')
    }
    return { client, fetched }
  }

  const keys: Array<[QueryKey, Array<string>?]> = [
    [['projects', 'list', 'o1']],
    [['projects', 'list', 'o1', { page: 2 }]],
    [['projects', 'list', 'o2']],
    [['projects', 'detail', 'p1']],
    [['projects', 'detail', 'p1', 'comments']],
    [['users', 'u1'], ['project:p1']],
    [['users', 'u2']],
  ]

  const invalidated = (client: QueryClient) =>
    client
      .getQueryCache()
      .getAll()
      .filter((query) => query.state.isInvalidated)
      .map((query) => JSON.stringify(query.queryKey))
      .sort()

  const json = (...list: Array<QueryKey>) => list.map((key) => JSON.stringify(key)).sort()

  it('applies the example session as the page describes, event by event', async () => {
    const { client, fetched } = seed(keys)
    const { stream, endpoint } = connectToFakeEndpoint(client, { resumeStorage: false })
    const connection = await endpoint.connection(1)
    const [hello, first, second, ping, reset] = parse(session).frames as [string, string, string, string, string]

    connection.push(hello)
    await vi.waitFor(() => expect(stream.status.getState().received).toBe(1))
    expect(invalidated(client)).toEqual([])
    expect(stream.status.getState().lastEventId).toBe('k3x9a0qe.41')

    connection.push(first)
    await vi.waitFor(() => expect(invalidated(client)).not.toEqual([]))
    expect(invalidated(client)).toEqual(
      json(['projects', 'list', 'o1'], ['projects', 'list', 'o1', { page: 2 }], ['users', 'u1']),
    )

    connection.push(second)
    await vi.waitFor(() => expect(isInvalidated(client, ['projects', 'detail', 'p1'])).toBe(true))
    expect(isInvalidated(client, ['projects', 'detail', 'p1', 'comments'])).toBe(false)
    // refetch "all": refetched although nothing observes it; the "active" invalidation before refetched nothing.
    await vi.waitFor(() => expect(fetched).toEqual([JSON.stringify(['projects', 'detail', 'p1'])]))

    connection.push(ping)
    await tick()
    expect(stream.status.getState().lastEventId).toBe('k3x9a0qe.43')

    connection.push(reset)
    await vi.waitFor(() => expect(invalidated(client)).toEqual(json(...keys.map(([key]) => key))))
    expect(stream.status.getState()).toMatchObject({ lastEventId: 'k3x9a0qe.44', dropped: 0, received: 5 })
  })

  /** A client resuming from the id the example's request names, kept by an earlier page. */
  async function resume(name: string) {
    const lastEventId = resumeIdBefore(name)!
    const { client } = seed(keys)
    const store = new Map([['react-query-toolkit:live:http://test/stream:last-event-id', lastEventId]])
    const resumeStorage = { getItem: (key: string) => store.get(key) ?? null, setItem: () => {} }
    const { stream, endpoint } = connectToFakeEndpoint(client, { resumeStorage })
    const connection = await endpoint.connection(1)
    return { client, stream, connection, lastEventId }
  }

  it('sends the resume point of the replay example as the header and the query parameter', async () => {
    const { connection, lastEventId } = await resume('replay')
    expect(connection.headers.get('Last-Event-ID')).toBe(lastEventId)
    expect(new URL(connection.url).searchParams.get('lastEventId')).toBe(lastEventId)
  })

  it('takes the hello of the replay example as a resumption and invalidates only what is replayed', async () => {
    const { client, stream, connection, lastEventId } = await resume('replay')
    const [hello, invalidate] = parse(replay).frames as [string, string]
    connection.push(hello)
    await vi.waitFor(() => expect(stream.status.getState().received).toBe(1))
    await tick()
    expect(invalidated(client)).toEqual([])
    expect(stream.status.getState().lastEventId).toBe(lastEventId)
    connection.push(invalidate)
    await vi.waitFor(() => expect(invalidated(client)).toEqual(json(['projects', 'detail', 'p1'])))
  })

  it('invalidates every query on the resync example and resumes from its id', async () => {
    const { client, stream, connection } = await resume('resync')
    connection.push(resync)
    await vi.waitFor(() => expect(invalidated(client)).toEqual(json(...keys.map(([key]) => key))))
    expect(stream.status.getState().lastEventId).toBe(parse(resync).events.at(-1)!.id)
  })
})

describe('docs/protocol.md: the client acts on each status as the table says', () => {
  const section = doc.slice(doc.indexOf('## 3. Response status codes'), doc.indexOf('## 4. Response headers'))
  const statusRows = section
    .split('\n')
    .filter((line) => /^\|\s*\d{3}\s*\|/.test(line))
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .map(([, code, , client]) => ({ code: Number(code), client: client! }))
    .filter((row) => row.code !== 200)

  /** The state the page says a client is in after a `GET` answered with this status. */
  const stateSaid = (client: string) =>
    /state `(closed|unauthorized)`/.exec(client)?.[1] ?? (client.startsWith('backoff') ? 'reconnecting' : client)

  it('lists the refusals a client can meet', () => {
    expect(statusRows.map((row) => row.code)).toEqual(
      expect.arrayContaining([204, 400, 401, 403, 405, 429, 431, 500, 503]),
    )
  })

  it.each(statusRows)('leaves the client in the stated state after a $code', async ({ code, client }) => {
    const endpoint = createFakeEndpoint()
    endpoint.respondWith(code)
    const stream = connectInvalidationStream(seededClient([]), {
      url: 'http://test/stream',
      share: false,
      fetch: endpoint.fetch,
      resumeStorage: false,
    })
    onTestFinished(stream.close)
    await endpoint.connection(1)
    await vi.waitFor(() => expect(stream.status.getState().state).toBe(stateSaid(client)))
    expect(endpoint.connections).toHaveLength(1)
  })
})

describe('docs/protocol.md: the limits are the code', () => {
  /** The longest id the hub frames, found by asking its check. */
  const longestFramedId = (() => {
    let length = 1
    while (isSafeEventId('a'.repeat(length + 1))) length += 1
    return length
  })()

  const constants: Record<string, number> = {
    'protocolLimits.maxDataBytes': protocolLimits.maxDataBytes,
    'protocolLimits.maxKeys': protocolLimits.maxKeys,
    'protocolLimits.maxTags': protocolLimits.maxTags,
    'protocolLimits.maxKeyDepth': protocolLimits.maxKeyDepth,
    'protocolLimits.maxTagLength': protocolLimits.maxTagLength,
    MAX_EVENT_ID_LENGTH,
    maxLastEventIdLength,
    isSafeEventId: longestFramedId,
    MAX_JUNK_LINES,
    MAX_RETRY_AFTER_MS,
    DEFAULT_MIN_DELAY_MS,
    minRetryMs,
  }

  const rows = block('limits')
    .split('\n')
    .slice(2)
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .map(([, , value, constant]) => ({ value: value!, constant: /^`([^`]+)`$/.exec(constant!)?.[1] }))

  it('names a code constant on every row of the limits table', () => {
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(Object.keys(constants)).toContain(row.constant)
  })

  it('lists every limit of protocolLimits', () => {
    const listed = rows.map((row) => row.constant)
    for (const name of Object.keys(protocolLimits)) expect(listed).toContain(`protocolLimits.${name}`)
  })

  it.each(Object.keys(constants))('states %s as the value the code has', (name) => {
    const row = rows.find((candidate) => candidate.constant === name)
    expect(row, name).toBeDefined()
    expect(Number(/^[\d,]+/.exec(row!.value)![0].replaceAll(',', ''))).toBe(constants[name])
  })

  it('states the data limit in KiB as the code has it', () => {
    const row = rows.find((candidate) => candidate.constant === 'protocolLimits.maxDataBytes')!
    expect(row.value).toContain(`(${protocolLimits.maxDataBytes / 1024} KiB)`)
  })

  it('states the tag length of the invalidate fields as the code has it', () => {
    expect(doc).toContain(`each 1 to ${protocolLimits.maxTagLength} characters`)
  })
})

describe('docs/protocol.md: no loose ends', () => {
  it('links only to files that exist', () => {
    const links = [...doc.matchAll(/\]\(([^)]+)\)/g)].map((match) => match[1]!)
    for (const link of links.filter((target) => !/^[a-z]+:/.test(target) && !target.startsWith('#'))) {
      expect(existsSync(resolve(dirname(docPath), link.split('#')[0]!)), link).toBe(true)
    }
  })

  it('holds no drafting text', () => {
    expect(doc).not.toMatch(/\b(TODO|TBD|FIXME|XXX)\b|lead to merge/)
  })
})
