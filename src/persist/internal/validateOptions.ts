// The persister's options come from app code, often from config or a user object: a nonsense value
// (an undefined user id as namespace, a negative maxAge) fails at creation with a clear PersistError
// instead of persisting under the wrong key or expiring everything at once.
import { PersistError } from '../PersistError'

const isNumber = (value: unknown): value is number => typeof value === 'number' && !Number.isNaN(value)

const isStorage = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  ['getAll', 'update', 'clear'].every((method) => typeof (value as Record<string, unknown>)[method] === 'function')

// [option, test]; undefined always means "the default".
const rules: Array<[string, (value: unknown) => boolean]> = [
  ['buster', (value) => typeof value === 'string'],
  ['maxAge', (value) => isNumber(value) && value > 0],
  ['dbName', (value) => typeof value === 'string' && value.length > 0],
  ['throttleMs', (value) => isNumber(value) && value >= 0 && Number.isFinite(value)],
  ['maxBytes', (value) => isNumber(value) && value > 0],
  ['restoreTimeoutMs', (value) => isNumber(value) && value > 0 && Number.isFinite(value)],
  ['onError', (value) => typeof value === 'function'],
  ['restore', (value) => value === 'all' || value === 'lazy'],
  ['storage', isStorage],
]

// What each option must be, in development messages only: production builds drop the text.
const musts: Record<string, string> =
  process.env.NODE_ENV !== 'production'
    ? {
        options: 'an object',
        namespace: 'a string (the user id)',
        buster: 'a string',
        maxAge: 'a number of ms above 0 (Infinity to keep records forever)',
        dbName: 'a non-empty string',
        throttleMs: 'a finite number of ms, 0 or more',
        maxBytes: 'a number above 0 (Infinity for no bound)',
        restoreTimeoutMs: 'a finite number of ms above 0',
        onError: 'a function',
        restore: "'all' or 'lazy'",
        storage: 'a storage with getAll, update and clear methods',
      }
    : {}

/** Throws a PersistError (code `'options'`) naming the first invalid option. */
export function validateOptions(options: unknown): void {
  const fail = (name: string, value: unknown): never => {
    throw new PersistError(
      'options',
      process.env.NODE_ENV !== 'production'
        ? `createIndexedDBPersister: ${name} must be ${musts[name]}, got ${describe(value)}`
        : name,
    )
  }
  if (typeof options !== 'object' || options === null) return fail('options', options)
  const given = options as Record<string, unknown>
  if (typeof given.namespace !== 'string') fail('namespace', given.namespace)
  for (const [name, test] of rules) {
    if (given[name] !== undefined && !test(given[name])) fail(name, given[name])
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object'
  return String(value)
}
