// How the Redis bus stores events in a stream: its Lua scripts, and the checks applied to everything read back
// (entries, ids, the epoch), which may have been written by something other than a hub.
import type { PublishedEvent } from '../InvalidationBus'
import { decodeHubEvent } from './hubEvent'

// Lua: the stream's epoch (KEYS[2]), set to `fresh` when it has none yet, or when what is stored there is not
// an epoch (written by something else): ids of the old value are then unknown, and their clients resync.
const readEpoch = (fresh: string) => `
local epoch = redis.call('GET', KEYS[2])
if not epoch or #epoch > 32 or not string.match(epoch, '^[a-z0-9]+$') then
  epoch = ${fresh}
  redis.call('SET', KEYS[2], epoch)
end`

// The epoch names one life of the stream. Without persistence a Redis restart empties the stream and new ids
// restart from the clock, so an id from before the restart must not be mistaken for a position in the new one.
export const publishScript = `${readEpoch('ARGV[3]')}
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'p', epoch, 'e', ARGV[2])
return {epoch, id}
`

// Head and replay in one atomic step, so trimming cannot slip between the check and the read.
export const replayScript = `${readEpoch('ARGV[1]')}
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {epoch, '0-0', '', '0', '0', {}}
end
local info = redis.call('XINFO', 'STREAM', KEYS[1])
local last, first, added, length = '0-0', '', '0', '0'
for i = 1, #info, 2 do
  local name = info[i]
  if name == 'last-generated-id' then last = info[i + 1]
  elseif name == 'entries-added' then added = tostring(info[i + 1])
  elseif name == 'length' then length = tostring(info[i + 1])
  elseif name == 'first-entry' and info[i + 1] then first = info[i + 1][1] end
end
local entries = {}
if ARGV[2] ~= '' then entries = redis.call('XRANGE', KEYS[1], '(' .. ARGV[2], '+', 'COUNT', ARGV[3]) end
return {epoch, last, first, added, length, entries}
`

/**
 * One page of a replay as Redis returned it: entries are decoded one at a time as the client reads, and each
 * raw entry is let go once decoded, so a stalled client holds at most one page of raw text.
 */
export interface Page {
  entries: Array<unknown>
  lastId: string
}

export const epochPattern = /^[a-z0-9]{1,32}$/
export const redisIdPattern = /^\d{1,16}-\d{1,16}$/

export const isEpoch = (value: unknown): value is string => typeof value === 'string' && epochPattern.test(value)
export const isRedisId = (value: unknown): value is string => typeof value === 'string' && redisIdPattern.test(value)

export function toPage(entries: unknown): Page {
  if (!Array.isArray(entries) || entries.length === 0) return { entries: [], lastId: '' }
  const last: unknown = entries[entries.length - 1]
  return { entries, lastId: Array.isArray(last) && typeof last[0] === 'string' ? last[0] : '' }
}

/** The valid events of a page, decoded lazily. */
export function* pageEvents(page: Page): Generator<PublishedEvent> {
  for (let index = 0; index < page.entries.length; index++) {
    const event = toPublishedEvent(page.entries[index])
    page.entries[index] = undefined
    if (event) yield event
  }
}

/** Everything read back from Redis is checked: nothing in an entry can reach a frame unless it is well-formed. */
export function toPublishedEvent(entry: unknown): PublishedEvent | undefined {
  if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !redisIdPattern.test(entry[0])) return undefined
  if (!Array.isArray(entry[1])) return undefined
  const fields = entry[1] as Array<unknown>
  let epoch: unknown
  let payload: unknown
  for (let index = 0; index + 1 < fields.length; index += 2) {
    if (fields[index] === 'p') epoch = fields[index + 1]
    else if (fields[index] === 'e') payload = fields[index + 1]
  }
  if (typeof epoch !== 'string' || !epochPattern.test(epoch) || typeof payload !== 'string') return undefined
  const event = decodeHubEvent(payload)
  return event && { ...event, id: `${epoch}.${entry[0]}` }
}

export function compareRedisIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number)
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number)
  return aMs - bMs || aSeq - bSeq
}
