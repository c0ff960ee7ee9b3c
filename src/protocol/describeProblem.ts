// The sentences for protocol problems, as the hub reports them to the app that published bad input;
// kept apart so they stay out of the browser bundle.
import { MAX_KEY_DEPTH, MAX_KEYS, MAX_TAG_LENGTH, MAX_TAGS } from './types'
import type { Detail, ProtocolProblem } from './types'

/** The sentence for a problem, as the hub reports it to the app that published bad input. */
export function describeProblem(problem: ProtocolProblem, detail?: Detail): string {
  switch (problem) {
    case 'body':
      return 'data is not a JSON object'
    case 'version':
      return `unsupported protocol version ${detail}`
    case 'invalidation':
      return 'invalidation is not an object'
    case 'empty':
      return 'invalidation needs keys, tags or both'
    case 'exact':
      return 'exact must be a boolean'
    case 'refetch':
      return 'refetch must be "active", "all" or "none"'
    case 'keys':
      return 'keys must be an array of keys'
    case 'key-count':
      return `more than ${MAX_KEYS} keys`
    case 'key':
      return `keys[${detail}] is not an array`
    case 'number':
      return 'a key holds a non-finite number'
    case 'type':
      return `a key holds a ${detail}`
    case 'depth':
      return `a key is nested deeper than ${MAX_KEY_DEPTH}`
    case 'plain':
      return 'a key holds a non-plain object'
    case 'property':
      return `a key holds the forbidden property "${detail}"`
    case 'tags':
      return 'tags must be an array of strings'
    case 'tag-count':
      return `more than ${MAX_TAGS} tags`
    case 'tag':
      return 'tags must be strings'
    case 'tag-length':
      return `a tag must have 1 to ${MAX_TAG_LENGTH} characters`
  }
}
