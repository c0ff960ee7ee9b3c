// Names no other test uses, so key factories and cached queries never collide across tests.
let counter = 0

/** A scope name unique in this test run: `uniqueKey('projects')` -> `'projects-7'`. */
export function uniqueKey(prefix = 'key'): string {
  counter += 1
  return `${prefix}-${counter}`
}
