// A bus shared by every hub instance through one Redis Stream: XADD orders events and gives their ids, a
// blocking XREAD loop on a dedicated connection delivers them, XRANGE replays. Needs ioredis (optional peer),
// loaded only when the bus is given a `url`; its types are never imported (see RedisClient).
import type { BusListener, BusMessage, HubEvent, InvalidationBus, PublishedEvent, Replay } from './InvalidationBus'
import { InvalidationHubError } from './InvalidationHubError'
import { connectRedisUrl } from './internal/connectRedisUrl'
import type { RedisBusOptions } from './RedisBusOptions'
import type { RedisClient } from './RedisClient'
import { createEpoch, parseEventId } from './internal/eventId'
import { encodeHubEvent } from './internal/hubEvent'
import { toRedisBusSettings } from './internal/redisBusSettings'
import {
  compareRedisIds,
  toPublishedEvent,
  isEpoch,
  isRedisId,
  publishScript,
  replayScript,
  pageEvents,
  toPage,
  type Page,
} from './internal/redisStream'

interface Connections {
  command: RedisClient
  reader: RedisClient
  ownsCommand: boolean
}

interface StreamState {
  epoch: string
  last: string
  first: string
  added: number
  length: number
  page: Page
}

const closedError = () => new InvalidationHubError('closed', 'the Redis bus is closed')

export function redisBus(options: RedisBusOptions): InvalidationBus {
  if ((options.url === undefined) === (options.client === undefined)) {
    throw new InvalidationHubError('invalid-options', 'redisBus() needs exactly one of `url` or `client`')
  }
  const { stream, maxLen, blockMs, pageSize } = toRedisBusSettings(options)
  const epochKey = `${stream}:epoch`
  const listeners = new Set<BusListener>()
  let closed = false
  /** Raw Redis id of the last entry the reader has seen; only moves forward. */
  let lastRead = '0-0'
  /** Back-off pauses in progress, so `close()` can end them at once. */
  const pauses = new Map<NodeJS.Timeout, () => void>()

  /** Rejects on close(): a caller waiting on a Redis that never answers is released then, not left pending. */
  let markClosed!: () => void
  const whenClosed = new Promise<never>((_, reject) => (markClosed = () => reject(closedError())))
  whenClosed.catch(() => {})
  const untilClosed = <T>(pending: Promise<T>): Promise<T> => Promise.race([pending, whenClosed])

  /** Resolves once the reader knows where it starts: ids handed to clients must not be older than that. */
  let markStarted!: () => void
  const started = new Promise<void>((resolve) => (markStarted = resolve))
  const connected = connect()
  // Surfaced through the methods that await it; this only keeps an early failure from being unhandled.
  connected.catch(() => {})

  async function connect(): Promise<Connections> {
    const command = options.client ?? (await connectRedisUrl(options.url!))
    // The reader blocks in XREAD; it waits for reconnection instead of failing its command.
    const reader = command.duplicate({ maxRetriesPerRequest: null })
    let readyBefore = false
    reader.on('ready', () => {
      if (readyBefore) void resyncAfterReconnect(command)
      readyBefore = true
    })
    // ioredis reconnects by itself; without a listener its connection errors would be unhandled.
    reader.on('error', () => {})
    const connections = { command, reader, ownsCommand: options.client === undefined }
    if (connections.ownsCommand) command.on('error', () => {})
    void start(command, reader)
    return connections
  }

  /** Reads from the head as it is now; retried, so a bus created while Redis is down starts once it is up. */
  async function start(command: RedisClient, reader: RedisClient): Promise<void> {
    while (!closed) {
      try {
        advance((await readState(command, '')).last)
        markStarted()
        break
      } catch {
        await pause(200)
      }
    }
    await readLoop(reader)
  }

  function emit(message: BusMessage): void {
    for (const listener of listeners) listener(message)
  }

  function advance(id: string): void {
    if (compareRedisIds(id, lastRead) > 0) lastRead = id
  }

  async function readLoop(reader: RedisClient): Promise<void> {
    while (!closed) {
      let reply: Array<[string, Array<[string, Array<string>]>]> | null
      try {
        reply = (await reader.xread('COUNT', 100, 'BLOCK', blockMs, 'STREAMS', stream, lastRead)) as typeof reply
      } catch {
        if (closed) return
        await pause(200)
        continue
      }
      if (!reply) continue
      for (const [, entries] of reply) {
        for (const entry of entries) {
          if (compareRedisIds(entry[0], lastRead) <= 0) continue
          advance(entry[0])
          const event = toPublishedEvent(entry)
          if (event) emit({ type: 'event', event })
        }
      }
    }
  }

  /** Events may have been published while the reader was away: every client resyncs from the current head. */
  async function resyncAfterReconnect(command: RedisClient): Promise<void> {
    while (!closed) {
      try {
        const state = await readState(command, '')
        advance(state.last)
        emit({ type: 'resync', head: `${state.epoch}.${state.last}` })
        return
      } catch {
        await pause(200)
      }
    }
  }

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pauses.delete(timer)
        resolve()
      }, ms)
      pauses.set(timer, resolve)
    })
  }

  /** Head, trimming state and the first page after `after`, read in one atomic step and checked. */
  async function readState(command: RedisClient, after: string): Promise<StreamState> {
    const reply: unknown = await untilClosed(
      command.eval(replayScript, 2, stream, epochKey, createEpoch(), after, pageSize),
    )
    if (!Array.isArray(reply) || reply.length !== 6)
      throw new InvalidationHubError('bus-failed', 'unexpected reply from the replay script')
    const [epoch, last, first, added, length, entries] = reply as Array<unknown>
    if (!isEpoch(epoch)) throw new InvalidationHubError('bus-failed', 'the stream epoch is not valid')
    if (!isRedisId(last)) throw new InvalidationHubError('bus-failed', 'the stream head is not valid')
    return {
      epoch,
      last,
      first: isRedisId(first) ? first : '',
      added: Number(added),
      length: Number(length),
      page: toPage(entries),
    }
  }

  /** The replay from a first page up to `end` (the head when it started), one `XRANGE … COUNT` at a time. */
  async function* replayPages(command: RedisClient, first: Page, end: string): AsyncGenerator<PublishedEvent> {
    let page = first
    for (;;) {
      const count = page.entries.length
      yield* pageEvents(page)
      if (count < pageSize || compareRedisIds(page.lastId, end) >= 0) return
      const anchor = page.lastId
      const reply: unknown = await untilClosed(command.xrange(stream, anchor, end, 'COUNT', pageSize + 1))
      // The entry the last page ended on must still be there: trimming removes the oldest entries first, so
      // if it went, entries after it may have gone too. The client then resumes from what it got (-> resync).
      if (!Array.isArray(reply) || !Array.isArray(reply[0]) || reply[0][0] !== anchor) {
        throw new InvalidationHubError('bus-failed', 'entries were trimmed while replaying')
      }
      page = toPage(reply.slice(1))
    }
  }

  async function use(): Promise<Connections> {
    if (closed) throw closedError()
    return connected
  }

  /** For head and replay: a client resuming from an id the reader has not reached would miss events. */
  async function useStarted(): Promise<Connections> {
    const connections = await use()
    await started
    return connections
  }

  return {
    async publish(event: HubEvent) {
      const { command } = await use()
      const reply = await untilClosed(
        command.eval(publishScript, 2, stream, epochKey, maxLen, encodeHubEvent(event), createEpoch()),
      )
      const [epoch, id] = Array.isArray(reply) ? (reply as Array<unknown>) : []
      if (!isEpoch(epoch) || !isRedisId(id))
        throw new InvalidationHubError('bus-failed', 'unexpected reply from the publish script')
      return `${epoch}.${id}`
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    async head() {
      const { command } = await useStarted()
      const state = await readState(command, '')
      return `${state.epoch}.${state.last}`
    },
    async replaySince(id) {
      const { command } = await useStarted()
      const position = parseEventId(id)
      const from = position ? `${position.major}-${position.minor}` : ''
      const state = await readState(command, from)
      const resync: Replay = { type: 'resync', head: `${state.epoch}.${state.last}` }
      if (!position || position.epoch !== state.epoch || compareRedisIds(from, state.last) > 0) return resync
      // Trimming drops the oldest entries; unless none were ever dropped (entries-added equals length,
      // Redis 7+), an id before the first kept entry may have missed some.
      const neverTrimmed = state.added === state.length && (state.added > 0 || state.last === '0-0')
      if (!neverTrimmed && (state.first === '' || compareRedisIds(from, state.first) < 0)) return resync
      return { type: 'events', events: replayPages(command, state.page, state.last) }
    },
    async close() {
      if (closed) return
      closed = true
      listeners.clear()
      markStarted()
      markClosed()
      for (const [timer, resolve] of pauses) {
        clearTimeout(timer)
        resolve()
      }
      pauses.clear()
      let connections: Connections
      try {
        connections = await connected
      } catch {
        return
      }
      connections.reader.disconnect()
      if (connections.ownsCommand) {
        await connections.command.quit().catch(() => connections.command.disconnect())
      }
    },
  }
}
