// One invalidation pass as it travels between tabs, and its validation on arrival: another tab is a
// trust boundary like the network, so a message gets the bounds of a stream event (its size is measured
// by the channel first; then at most 1,000 keys and 1,000 tags, keys 16 deep, plain JSON only).
import type { InvalidationRequest, RequestTarget, Source } from '../internal/invalidationRequest'
import { levelOf, scopeOf, scopes } from '../internal/invalidationRequest'
import type { Level } from '../internal/invalidationRequest'
import { MAX_KEYS, MAX_TAGS } from '../protocol/types'
import { isRecord, isTagInBounds, toWireKey } from '../protocol/validate'
import { exceedsSize, MAX_TAB_MESSAGE_SIZE } from './tabChannel'

export interface TabPass {
  /** Where the pass began in the sending tab: a `stream` pass is refetched with the stream's storm protection. */
  origin: Exclude<Source, 'tab'>
  request: InvalidationRequest
  /**
   * When the sending tab posted the pass (its clock: tabs of one browser share it). A shared fetch that
   * began after it answers this pass in every tab.
   */
  at?: number
}

const origins: ReadonlySet<unknown> = new Set(['mutation', 'stream', 'manual'])

/**
 * The message for a pass, or `undefined` when nothing in it can cross. A key that cannot (a function,
 * a class instance, a `Date`) or a tag out of bounds is left out; a pass over the limits becomes an
 * invalidation of everything, as widely refetched: invalidating too much is safe, too little is not.
 */
export function toTabPass(origin: Exclude<Source, 'tab'>, request: InvalidationRequest): TabPass | undefined {
  const targets: Array<RequestTarget> = []
  let keys = 0
  let tags = 0
  let widest: Level = 0
  for (const target of request) {
    widest = (widest | levelOf(target.refetch)) as Level
    if ('all' in target) targets.push(target)
    else if ('tag' in target) {
      if (!isTagInBounds(target.tag)) continue
      targets.push(target)
      tags++
    } else {
      try {
        targets.push({ key: toWireKey(target.key), exact: target.exact, refetch: target.refetch })
        keys++
      } catch {
        // Stays local: the other tab's cache cannot hold a key that does not survive a structured clone.
      }
    }
  }
  if (targets.length === 0) return undefined
  const pass = { origin, request: targets }
  if (keys <= MAX_KEYS && tags <= MAX_TAGS && !exceedsSize(pass, MAX_TAB_MESSAGE_SIZE)) return pass
  return { origin, request: [{ all: true, refetch: scopeOf(widest) }] }
}

/** Returns the pass when `payload` is a valid one (a fresh copy), `undefined` to drop it. */
export function parseTabPass(payload: unknown): TabPass | undefined {
  if (!isRecord(payload) || !origins.has(payload.origin) || !Array.isArray(payload.request)) return undefined
  const input: Array<unknown> = payload.request
  if (input.length === 0 || input.length > MAX_KEYS + MAX_TAGS + 1) return undefined
  const request: Array<RequestTarget> = []
  let keys = 0
  let tags = 0
  for (const item of input) {
    const target = toTarget(item)
    if (!target) return undefined
    if ('key' in target && ++keys > MAX_KEYS) return undefined
    if ('tag' in target && ++tags > MAX_TAGS) return undefined
    request.push(target)
  }
  const pass: TabPass = { origin: payload.origin as TabPass['origin'], request }
  if (payload.at === undefined) return pass
  const { at } = payload
  if (typeof at !== 'number' || !Number.isFinite(at)) return undefined
  // A time in the future would make every shared answer look older than the pass.
  return { ...pass, at: Math.min(at, Date.now()) }
}

function toTarget(item: unknown): RequestTarget | undefined {
  if (!isRecord(item) || !(scopes as ReadonlyArray<unknown>).includes(item.refetch)) return undefined
  const refetch = item.refetch as RequestTarget['refetch']
  if ('key' in item) {
    if (typeof item.exact !== 'boolean') return undefined
    try {
      return { key: toWireKey(item.key), exact: item.exact, refetch }
    } catch {
      return undefined
    }
  }
  if ('tag' in item) {
    const { tag } = item
    return typeof tag === 'string' && isTagInBounds(tag) ? { tag, refetch } : undefined
  }
  return item.all === true ? { all: true, refetch } : undefined
}
