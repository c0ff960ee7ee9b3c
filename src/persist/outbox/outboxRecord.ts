// One outbox record on disk: a JSON string in the outbox's own namespace, under its id. What comes back
// from storage is data from outside: it is parsed, checked field by field and bounded before it is used.

export const RECORD_VERSION = 1

/** The default largest stored record (UTF-16 length): larger ones are refused when written and dropped when read. */
export const MAX_RECORD_SIZE = 256 * 1024

export interface OutboxRecord {
  id: string
  /** The definition's `name`. */
  name: string
  /** The mutation's input, as JSON gives it back. */
  input: unknown
  /** Sent with every attempt, so the server applies the mutation once. */
  idempotencyKey: string
  createdAt: number
  /** TanStack `scope.id`, or null: records are sent FIFO per scope, else per name. */
  scope: string | null
  /** Sends tried so far (written before each send, so a crash mid-send still counts). */
  attempts: number
  status: 'pending' | 'failed'
  /** Why the last send failed, for records kept as failed. */
  error?: string | undefined
}

interface StoredRecord extends OutboxRecord {
  v: typeof RECORD_VERSION
  /** The persister namespace it was made in: a record of another namespace is never sent. */
  ns: string
}

export const encodeRecord = (record: OutboxRecord, namespace: string): string =>
  JSON.stringify({ v: RECORD_VERSION, ns: namespace, ...record } satisfies StoredRecord)

const isString = (value: unknown, max = 1024): value is string => typeof value === 'string' && value.length <= max
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0

/** Why a stored value is not a record of this outbox, if it is not. */
export type RecordRejection = 'size' | 'parse' | 'shape' | 'namespace' | 'name'

/**
 * The record stored under `key`, or why it is dropped: over `maxSize`, not JSON, a wrong shape (or an id
 * that is not its key), another namespace, or a name no definition of this outbox has.
 */
export function decodeRecord(
  value: unknown,
  key: unknown,
  namespace: string,
  names: ReadonlySet<string>,
  maxSize: number,
): OutboxRecord | RecordRejection {
  if (typeof value !== 'string') return 'shape'
  if (value.length > maxSize) return 'size'
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    return 'parse'
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'shape'
  const stored = parsed as Partial<Record<keyof StoredRecord, unknown>>
  const { id, name, input, idempotencyKey, createdAt, scope, attempts, status, error } = stored
  const valid =
    stored.v === RECORD_VERSION &&
    isString(id) &&
    id === key &&
    isString(name) &&
    'input' in stored &&
    isString(idempotencyKey) &&
    idempotencyKey.length > 0 &&
    isCount(createdAt) &&
    (scope === null || isString(scope)) &&
    isCount(attempts) &&
    (status === 'pending' || status === 'failed') &&
    (error === undefined || isString(error, 4096))
  if (!valid) return 'shape'
  if (stored.ns !== namespace) return 'namespace'
  if (!names.has(name)) return 'name'
  return { id, name, input, idempotencyKey, createdAt, scope, attempts, status, error }
}

/** Send order: oldest first; records made in the same millisecond by their id. */
export const byAge = (a: OutboxRecord, b: OutboxRecord): number =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** The queue a record waits in: its TanStack scope, else its name. */
export const queueOf = (record: OutboxRecord): string =>
  record.scope === null ? `name:${record.name}` : `scope:${record.scope}`
