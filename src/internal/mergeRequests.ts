// Merges the requests of a burst (stream events within a frame, messages from another tab within a
// window) into one: a key, a tag or `all` is kept once, with the widest scope asked for it.
import { hashKey } from '@tanstack/react-query'
import { levelOf, scopeOf } from './invalidationRequest'
import type { InvalidationRequest, Level, RequestTarget } from './invalidationRequest'

export interface RequestMerger {
  add: (request: InvalidationRequest) => void
  /** The merged request so far, and a fresh start. */
  take: () => InvalidationRequest
  readonly size: number
}

const idOf = (target: RequestTarget) => {
  if ('all' in target) return '*'
  if ('tag' in target) return `#${target.tag}`
  // Keys that reach this far crossed a channel as JSON: their default hash is their identity.
  return (target.exact ? '=' : '~') + hashKey(target.key)
}

export function createRequestMerger(): RequestMerger {
  let merged = new Map<string, { target: RequestTarget; level: Level }>()
  return {
    add: (request) => {
      for (const target of request) {
        const id = idOf(target)
        const entry = merged.get(id)
        const level = levelOf(target.refetch)
        if (entry) entry.level = (entry.level | level) as Level
        else merged.set(id, { target, level })
      }
    },
    take: () => {
      const request = [...merged.values()].map(({ target, level }) => ({ ...target, refetch: scopeOf(level) }))
      merged = new Map()
      return request
    },
    get size() {
      return merged.size
    },
  }
}
