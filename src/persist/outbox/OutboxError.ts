// Why the outbox gave up on a durable mutation that was waiting to be sent.
import { ToolkitError } from '../../errors'

/**
 * `'discarded'`: the app discarded the record (`discard(id)`); `'cleared'`: a logout emptied the outbox
 * (`clearPersistedCache`); `'stopped'`: the outbox was stopped. The mutation was not sent after that.
 */
export type OutboxErrorCode = 'discarded' | 'cleared' | 'stopped'

/** The rejection a durable mutation gets when its record leaves the outbox unsent. */
export class OutboxError extends ToolkitError<OutboxErrorCode> {
  override readonly name = 'OutboxError'
}

export function isOutboxError(value: unknown): value is OutboxError {
  return value instanceof OutboxError
}

/** The error a send failure relayed from another tab becomes: its message and status, as that tab saw them. */
export class RelayedSendError extends Error {
  override readonly name = 'RelayedSendError'
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message)
  }
}
