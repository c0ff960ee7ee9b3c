// Development-only check that mutation names are unique: a name identifies a mutation (its key, and later
// its durable records), so two definitions sharing one would be confused. Production builds drop the call.
import { ToolkitError } from './errors'
import type { CoreErrorCode } from './errors'

/** Each name, with the place in the app's code that defined it (when the stack tells). */
const sites = new Map<string, string | undefined>()

/**
 * Where the app called `defineMutation`: the third frame under this one (this function, `assertUniqueName`,
 * `defineMutation`), without query strings such as a dev server's `?t=` cache buster. A module that hot reload
 * runs again defines its mutations from the same place, which is a new version of them, not a duplicate.
 */
function definitionSite(): string | undefined {
  const frames = (new Error().stack ?? '').split('\n').filter((line) => /:\d+:\d+\)?\s*$/.test(line))
  return frames[3]?.replace(/\?[^:)]*/g, '').trim()
}

/** Throws `ToolkitError('invalid-options')` for a name that is not a non-empty string or is already defined. */
export function assertUniqueName(name: unknown): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new ToolkitError<CoreErrorCode>(
      'invalid-options',
      `mutation name must be a non-empty string; got ${typeof name}`,
    )
  }
  const site = definitionSite()
  if (sites.has(name) && (site === undefined || sites.get(name) !== site)) {
    throw new ToolkitError<CoreErrorCode>(
      'invalid-options',
      `two mutations are named ${JSON.stringify(name)}; a mutation name must be unique`,
    )
  }
  sites.set(name, site)
}
