// The contract between the hub and a bus: the bus orders events, gives them ids, fans them out to every hub
// and replays what a reconnecting client missed. The hub is the same over every bus.
import type { Invalidation } from '../protocol/types'

/** An event as published: what to invalidate and which connections may see it (no scopes: everyone). */
export type HubEvent =
  ({ type: 'invalidate'; scopes: Array<string> } & Invalidation) | { type: 'reset'; scopes: Array<string> }

/** A published event with the id the bus gave it (used as the SSE id). */
export type PublishedEvent = HubEvent & { id: string }

/** What a bus tells its subscribers. */
export type BusMessage =
  /** An event, in publish order. */
  | { type: 'event'; event: PublishedEvent }
  /** Events may have been lost (the bus lost its backend for a while): every client must resync. `head` is the id to resume from. */
  | { type: 'resync'; head: string }

export type BusListener = (message: BusMessage) => void

/** The answer to a replay request. */
export type Replay =
  /**
   * Every event after the client's id, in order (possibly none). A bus backed by storage should read them in
   * pages as they are consumed (an async iterable): the hub pulls the next event only once the client has read
   * the previous ones. Throwing mid-way (storage lost, events trimmed meanwhile) closes that stream; the client
   * resumes from the last id it got.
   */
  | { type: 'events'; events: Iterable<PublishedEvent> | AsyncIterable<PublishedEvent> }
  /** The id is older than what the bus keeps, or unknown: the client must invalidate everything and resume from `head`. */
  | { type: 'resync'; head: string }

export interface InvalidationBus {
  /** Appends an event; resolves with its id once it is ordered (before or after subscribers see it). */
  publish(event: HubEvent): Promise<string>
  /** Listens to every event published through the bus, by any hub. Returns the unsubscribe. */
  subscribe(listener: BusListener): () => void
  /** The id of the newest event (or of the empty bus): where a client without `Last-Event-ID` starts. */
  head(): Promise<string>
  /** The events after `id`, or `resync` when they cannot all be given. */
  replaySince(id: string): Promise<Replay>
  /** Stops the bus and releases its connections and timers. */
  close(): Promise<void>
}
