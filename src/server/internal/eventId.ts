// SSE ids of the hub: `<epoch>.<position>`. The epoch names one life of a bus (a process for the memory bus,
// a stream for Redis), so an id from another life is recognised as unknown instead of being misread.

export interface EventPosition {
  epoch: string
  major: number
  minor: number
}

const idPattern = /^([a-z0-9]{1,32})\.(\d{1,16})(?:-(\d{1,16}))?$/

/** Parses an id sent by a client (untrusted); `undefined` for anything that is not one of ours. */
export function parseEventId(id: string): EventPosition | undefined {
  const match = idPattern.exec(id)
  if (!match) return undefined
  const major = Number(match[2])
  const minor = match[3] === undefined ? 0 : Number(match[3])
  if (!Number.isSafeInteger(major) || !Number.isSafeInteger(minor)) return undefined
  return { epoch: match[1]!, major, minor }
}

/** Orders two positions of the same epoch; a different epoch counts as later (a new life of the bus). */
export function comparePositions(a: EventPosition, b: EventPosition): number {
  if (a.epoch !== b.epoch) return 1
  return a.major - b.major || a.minor - b.minor
}

export function createEpoch(): string {
  return Math.floor(Math.random() * 36 ** 8)
    .toString(36)
    .padStart(8, '0')
}
