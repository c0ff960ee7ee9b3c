// One shared fetch's answer as it travels between tabs, and its validation on arrival: another tab is a
// trust boundary like the network. The channel measures the payload first (the answer's size cap); then
// the shape: a hash, a plain JSON key (it must hash to that hash: checked by the receiving query, whose
// hash function it is), the data, and two times.
import type { WireKey } from '../protocol/types'
import { isRecord, toWireKey } from '../protocol/validate'

export interface ShareAnswer {
  /** The query hash the fetching tab announced (its lock name). */
  hash: string
  key: WireKey
  data: unknown
  /** When the fetching tab called the query function: an answer is taken only for a need that began before it. */
  startedAt: number
  dataUpdatedAt: number
}

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0

/** Returns the answer when `payload` is a valid one, `undefined` to drop it. */
export function parseShareAnswer(payload: unknown): ShareAnswer | undefined {
  if (!isRecord(payload) || typeof payload.hash !== 'string' || payload.data === undefined) return undefined
  const { hash, data, startedAt, dataUpdatedAt } = payload
  if (!isTime(startedAt) || !isTime(dataUpdatedAt) || startedAt > dataUpdatedAt) return undefined
  try {
    // Times in the future would outrank every later fetch: tabs of one browser share one clock.
    const now = Date.now()
    const key = toWireKey(payload.key)
    return { hash, key, data, startedAt: Math.min(startedAt, now), dataUpdatedAt: Math.min(dataUpdatedAt, now) }
  } catch {
    return undefined
  }
}
