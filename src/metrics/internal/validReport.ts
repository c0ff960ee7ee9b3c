// Checks what apps and other entries report to the metrics: reports arrive from outside the store's
// control (a status store, a persister, app code), so anything that is not the documented shape is
// dropped and counted rather than shown.
import type { PersistenceMetrics, RestoreMetrics, StreamMetrics } from '../CacheMetrics'

const STATES: ReadonlyArray<unknown> = ['connecting', 'open', 'reconnecting', 'unauthorized', 'closed']
const ROLES: ReadonlyArray<unknown> = ['leader', 'follower', 'solo']

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

/** A count or size: a finite number, zero or more. */
export const isFigure = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0

// A hostile value may throw from a getter or a proxy trap: that makes it invalid, never an exception
// inside the reporter (which may be a status store's listener).
const guarded =
  <T>(read: (value: unknown) => T | undefined) =>
  (value: unknown): T | undefined => {
    try {
      return read(value)
    } catch {
      return undefined
    }
  }

/** The plain fields of a stream status, or `undefined` when it is not one. */
// `@__PURE__`: a call at module level that bundlers may drop when nothing imports its result.
export const toStreamMetrics = /* @__PURE__ */ guarded((value): StreamMetrics | undefined => {
  if (!isRecord(value)) return
  const { state, role, received, dropped, retryCount } = value
  if (!STATES.includes(state) || !ROLES.includes(role)) return
  if (!isFigure(received) || !isFigure(dropped) || !isFigure(retryCount)) return
  return { state: state as StreamMetrics['state'], role: role as StreamMetrics['role'], received, dropped, retryCount }
})

function toRestoreMetrics(value: unknown): RestoreMetrics | undefined {
  if (!isRecord(value)) return
  const { restored, expired, busted, corrupt, ms } = value
  if (![restored, expired, busted, corrupt, ms].every(isFigure)) return
  return { restored, expired, busted, corrupt, ms } as RestoreMetrics
}

/** The fields of a persistence report that were given, or `undefined` when one of them is not valid. */
export const toPersistenceReport = /* @__PURE__ */ guarded((value): Partial<PersistenceMetrics> | undefined => {
  if (!isRecord(value)) return
  const { records, bytes, lastRestore } = value
  if ((records !== undefined && !isFigure(records)) || (bytes !== undefined && !isFigure(bytes))) return
  const restore = lastRestore === undefined ? undefined : toRestoreMetrics(lastRestore)
  if (lastRestore !== undefined && !restore) return
  return { records, bytes, lastRestore: restore } as Partial<PersistenceMetrics>
})

export function warnDropped(what: string, value: unknown): void {
  if (process.env.NODE_ENV !== 'production') {
    try {
      console.warn(`[react-query-toolkit] ${what}: not a valid report, dropped (counted in droppedReports)`, value)
    } catch {
      // Printing a hostile value may throw too; the count is what matters.
    }
  }
}
