// The toolkit's side of bench/outbox.ts: filled in once the mutation outbox is on this branch.
import type { Sample } from './harness'
import type { WriteServer } from './outbox'

export interface OutboxFigures {
  mainThread: Sample
  untilStored: Sample
  restoredMs: number
  replayMs: number
  received: number
}

export async function outboxSide(_server: WriteServer): Promise<OutboxFigures | undefined> {
  console.log('\n(outbox: createMutationOutbox is not on this branch yet; TanStack figures only)')
  return undefined
}
