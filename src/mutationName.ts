// Development-only check that mutation names are unique: a name identifies a mutation (its key, and later
// its durable records), so two definitions sharing one would be confused. Production builds drop the call.
import { ToolkitError } from './errors'
import type { CoreErrorCode } from './errors'

const names = new Set<string>()

/** Throws `ToolkitError('invalid-options')` for a name that is not a non-empty string or is already defined. */
export function assertUniqueName(name: unknown): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new ToolkitError<CoreErrorCode>(
      'invalid-options',
      `mutation name must be a non-empty string; got ${typeof name}`,
    )
  }
  if (names.has(name)) {
    throw new ToolkitError<CoreErrorCode>(
      'invalid-options',
      `two mutations are named ${JSON.stringify(name)}; a mutation name must be unique`,
    )
  }
  names.add(name)
}
