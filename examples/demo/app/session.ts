// The demo's signed-in user: the persister's namespace. Logging out clears the persisted cache (the
// toolkit tells other tabs to drop their queries) and this channel tells their pages to show the
// signed-out screen.
import { useSyncExternalStore } from 'react'

const storageKey = 'demo-user'
const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('demo-session')
const listeners = new Set<() => void>()

export function currentUser(): string | null {
  return localStorage.getItem(storageKey)
}

function set(user: string | null, tell: boolean) {
  if (user === null) localStorage.removeItem(storageKey)
  else localStorage.setItem(storageKey, user)
  if (tell) channel?.postMessage({ user })
  listeners.forEach((listener) => listener())
}

channel?.addEventListener('message', (event: MessageEvent<{ user?: unknown }>) => {
  const user = event.data?.user
  if (user === null || typeof user === 'string') set(user, false)
})

export const signIn = (user: string) => set(user, true)
export const signOut = () => set(null, true)

export function useCurrentUser(): string | null {
  return useSyncExternalStore((listener) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  }, currentUser)
}
