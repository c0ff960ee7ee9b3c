// Test helper: the events of a replay as an array (a bus may give them as an async iterable of pages).
import type { PublishedEvent, Replay } from '../../src/server'

export async function replayEvents(replay: Replay): Promise<Array<PublishedEvent> | 'resync'> {
  if (replay.type === 'resync') return 'resync'
  const events: Array<PublishedEvent> = []
  for await (const event of replay.events) events.push(event)
  return events
}
