// The "N tabs, M requests" counter's data: open tabs of this page (each holds a Web Lock named after it,
// and `navigator.locks.query()` lists them), and the requests the demo API counted since the last change.
import { useCallback, useEffect, useState } from 'react'
import { isOffline } from '../../domain/network'

const TAB_LOCK_PREFIX = 'demo-tab:'
const POLL_MS = 1000

export const tabId: string = (() => {
  // sessionStorage survives a reload of the same tab: a reloaded tab keeps its name.
  const existing = sessionStorage.getItem('demo-tab')
  // randomUUID exists only in secure contexts; the demo may be opened over plain HTTP on a LAN address.
  const id = existing ?? crypto.randomUUID?.() ?? Math.random().toString(36).slice(2)
  sessionStorage.setItem('demo-tab', id)
  return id
})()

/** Holds this tab's lock until the page goes away. */
export function holdTabLock(): void {
  void navigator.locks?.request(TAB_LOCK_PREFIX + tabId, () => new Promise<never>(() => {}))
}

export interface DemoStats {
  tabs: number
  /** GET requests the API answered since the data last changed, summed over paths. */
  requests: number
  /** The API's control: writes it will fail (500) or refuse (422) on purpose. */
  failWrites: number
  refuseWrites: number
}

async function readStats(): Promise<DemoStats> {
  const [locks, control] = await Promise.all([
    navigator.locks?.query() ?? { held: [] },
    fetch('/api/control').then(
      (response) =>
        response.json() as Promise<{ failWrites: number; refuseWrites: number; requestsSinceLastChange: number }>,
    ),
  ])
  return {
    tabs: new Set((locks.held ?? []).map((lock) => lock.name).filter((name) => name?.startsWith(TAB_LOCK_PREFIX))).size,
    requests: control.requestsSinceLastChange,
    failWrites: control.failWrites,
    refuseWrites: control.refuseWrites,
  }
}

/** Polls the figures every second (not while the demo is offline); `refresh()` reads them at once. */
export function useDemoStats(): [DemoStats | undefined, () => void] {
  const [stats, setStats] = useState<DemoStats>()
  const [tick, setTick] = useState(0)
  useEffect(() => {
    let live = true
    const read = () => {
      if (isOffline()) return
      readStats().then(
        (next) => live && setStats(next),
        () => {},
      )
    }
    read()
    const timer = setInterval(read, POLL_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [tick])
  const refresh = useCallback(() => setTick((value) => value + 1), [])
  return [stats, refresh]
}
