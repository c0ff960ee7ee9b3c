// Why the outbox gave up on a durable mutation that was waiting to be sent.
import { ToolkitError } from '../../errors'

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
