// Why the outbox gave up on a durable mutation that was waiting to be sent.
import { ToolkitError } from '../../errors'
import { PersistError } from '../PersistError'

/**
 * `'discarded'`: the app discarded the record (`discard(id)`); `'cleared'`: a logout emptied the outbox
 * (`clearPersistedCache`); `'stopped'`: the outbox was stopped (the mutation was not sent after any of
 * these). `'refused'`: another tab sent this tab's mutation and the server refused it; `status` and the
 * message are that tab's error's.
 */
export type OutboxErrorCode = 'discarded' | 'cleared' | 'stopped' | 'refused'

/** Why a durable mutation of this tab rejected without its own send failing here. */
export class OutboxError extends ToolkitError<OutboxErrorCode> {
  override readonly name = 'OutboxError'
  /** For `'refused'`: the status of the error the sending tab got, when it had one. */
  readonly status: number | undefined

  constructor(code: OutboxErrorCode, message?: string, options?: { cause?: unknown; status?: number | undefined }) {
    super(code, message, options)
    this.status = options?.status
  }
}

export function isOutboxError(value: unknown): value is OutboxError {
  return value instanceof OutboxError
}

// The sentences below are development-only (`process.env.NODE_ENV !== 'production' && …` where they are
// written): production builds keep the code.

/** A durable mutation of this tab that will not be sent: the outbox was cleared or stopped, or it was discarded. */
export const unsent = (code: 'cleared' | 'stopped' | 'discarded', id: string): OutboxError =>
  new OutboxError(
    code,
    process.env.NODE_ENV !== 'production' ? `the durable mutation was ${code} unsent (${id})` : undefined,
  )

/** `createMutationOutbox` was given a mutation it cannot record. */
export const refuseOptions = (detail: string | false): PersistError =>
  new PersistError('options', detail ? `createMutationOutbox: ${detail}` : 'createMutationOutbox')
