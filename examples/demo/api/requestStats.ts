// Requests the demo API answered, per query path: the page's "N tabs, M requests" counter and the browser
// tests read them to see how many tabs reached the server for one change.

export interface WriteRecord {
  method: string
  path: string
  /** The `Idempotency-Key` header, when valid. */
  key: string | null
  /** The `X-Demo-Tab` header: which tab sent it. */
  tab: string | null
  status: number
  /** True when the answer was the one kept for a repeated idempotency key (nothing applied). */
  replayed: boolean
}

export interface RequestStats {
  /** GET requests per path since the server started. */
  requests: Record<string, number>
  /** GET requests per path since the last write changed the data. */
  sinceLastChange: Record<string, number>
  /** Every write request received, in the order answered (the last 1,000). */
  writes: Array<WriteRecord>
  /** When the data last changed (ms since epoch), 0 before the first change. */
  lastChangeAt: number
}

/** Paths are bounded before they become keys: a client cannot grow the table without bound. */
const MAX_PATHS = 500
const MAX_WRITES = 1000

export function createRequestStats() {
  const stats: RequestStats = { requests: {}, sinceLastChange: {}, writes: [], lastChangeAt: 0 }
  const bump = (table: Record<string, number>, path: string) => {
    if (table[path] === undefined && Object.keys(table).length >= MAX_PATHS) return
    table[path] = (table[path] ?? 0) + 1
  }
  return {
    countRead(path: string) {
      bump(stats.requests, path)
      bump(stats.sinceLastChange, path)
    },
    countWrite(record: WriteRecord) {
      stats.writes.push(record)
      if (stats.writes.length > MAX_WRITES) stats.writes.shift()
    },
    changed() {
      stats.sinceLastChange = {}
      stats.lastChangeAt = Date.now()
    },
    snapshot: (): RequestStats => structuredClone(stats),
  }
}
