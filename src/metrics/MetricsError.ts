// The one error class of the metrics entry: `toPrometheus` refuses options that would print invalid text.
import { ToolkitError } from '../errors'

export type MetricsErrorCode =
  /** A `prefix` that is not a metric name start, or a constant label with a bad name or a non-string value. */
  'invalid-options'

export class MetricsError extends ToolkitError<MetricsErrorCode> {
  override name = 'MetricsError'
}

export function isMetricsError(value: unknown): value is MetricsError {
  return value instanceof MetricsError
}
