// The default bus: one process, ids from a counter, replay from a bounded ring buffer.
import type { BusListener, HubEvent, InvalidationBus, PublishedEvent, Replay } from './InvalidationBus'
import { InvalidationHubError } from './InvalidationHubError'
import { createEpoch, parseEventId } from './internal/eventId'
import { describeValue as show } from '../internal/describeValue'

export interface MemoryBusOptions {
  /**
   * How many of the latest events are kept for replay. A client whose `Last-Event-ID` is older gets `resync`.
   * `0` keeps none (every reconnect with an id resyncs).
   * @default 1000
   * @example memoryBus({ replay: 5000 })
   */
  replay?: number
}

export function memoryBus(options: MemoryBusOptions = {}): InvalidationBus {
  const capacity = options.replay ?? 1000
  if (!Number.isInteger(capacity) || capacity < 0) {
    throw new InvalidationHubError('invalid-options', `replay must be a whole number >= 0, got ${show(capacity)}`)
  }
  const epoch = createEpoch()
  const listeners = new Set<BusListener>()
  // Ring buffer: `ring[seq % capacity]` holds event `seq` for the last `capacity` sequence numbers.
  const ring: Array<PublishedEvent | undefined> = new Array<PublishedEvent | undefined>(capacity)
  let lastSeq = 0
  let closed = false

  const idOf = (seq: number) => `${epoch}.${seq}`

  return {
    publish(event: HubEvent) {
      if (closed) return Promise.reject(new InvalidationHubError('closed', 'the memory bus is closed'))
      lastSeq += 1
      const published = { ...event, id: idOf(lastSeq) } as PublishedEvent
      if (capacity > 0) ring[lastSeq % capacity] = published
      for (const listener of listeners) listener({ type: 'event', event: published })
      return Promise.resolve(published.id)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    head() {
      return Promise.resolve(idOf(lastSeq))
    },
    replaySince(id) {
      const position = parseEventId(id)
      const oldestKept = Math.max(1, lastSeq - capacity + 1)
      if (
        !position ||
        position.epoch !== epoch ||
        position.minor !== 0 ||
        position.major > lastSeq ||
        position.major < oldestKept - 1
      ) {
        return Promise.resolve<Replay>({ type: 'resync', head: idOf(lastSeq) })
      }
      const events: Array<PublishedEvent> = []
      for (let seq = position.major + 1; seq <= lastSeq; seq++) events.push(ring[seq % capacity]!)
      return Promise.resolve<Replay>({ type: 'events', events })
    },
    close() {
      closed = true
      listeners.clear()
      ring.length = 0
      return Promise.resolve()
    },
  }
}
