// The fetch layer's switchboard, shared by the demo and the stories: headers every request carries, and an
// "offline" switch under which every request fails as a lost connection would (before leaving the page).
const headers: Record<string, string> = {}
let offline = false

/** A header sent with every request from now on (the demo names its tab with one). */
export function setRequestHeader(name: string, value: string): void {
  headers[name] = value
}

export function requestHeaders(): Record<string, string> {
  return { ...headers }
}

/** While true, every request throws the `TypeError` a failed `fetch` throws: the outage the outbox waits out. */
export function setOffline(value: boolean): void {
  offline = value
}

export function isOffline(): boolean {
  return offline
}

export function assertReachable(path: string): void {
  if (offline) throw new TypeError(`Failed to fetch ${path}: the demo is offline`)
}
