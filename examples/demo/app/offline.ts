// The demo's "offline" switch: while on, the page stops reaching the API as in a real outage (TanStack's
// onlineManager says offline, and the fetch layer refuses every request). It is kept in localStorage, so
// it holds in every tab of the browser and across reloads, as an outage would.
import { onlineManager } from '@tanstack/react-query'
import { useSyncExternalStore } from 'react'
import { setOffline } from '../../domain/network'

const storageKey = 'demo-offline'
const listeners = new Set<() => void>()

export function isDemoOffline(): boolean {
  return localStorage.getItem(storageKey) === '1'
}

function apply() {
  const offline = isDemoOffline()
  setOffline(offline)
  // The browser's own online/offline events still reach onlineManager; the switch only adds an outage.
  onlineManager.setOnline(!offline && navigator.onLine)
  listeners.forEach((listener) => listener())
}

export function setDemoOffline(offline: boolean): void {
  if (offline) localStorage.setItem(storageKey, '1')
  else localStorage.removeItem(storageKey)
  apply()
}

/** Call once at start: applies the stored switch and follows changes made in other tabs. */
export function startOfflineSwitch(): void {
  apply()
  window.addEventListener('storage', (event) => {
    if (event.key === storageKey || event.key === null) apply()
  })
}

export function useDemoOffline(): boolean {
  return useSyncExternalStore((listener) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  }, isDemoOffline)
}
