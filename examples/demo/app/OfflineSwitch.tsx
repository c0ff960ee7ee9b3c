// The "offline" switch in the header: the page stops reaching the API (see offline.ts).
import { setDemoOffline, useDemoOffline } from './offline'

export function OfflineSwitch() {
  const offline = useDemoOffline()
  return (
    <label className={`status switch${offline ? ' offline' : ''}`} data-testid="offline-switch">
      <input type="checkbox" checked={offline} onChange={(event) => setDemoOffline(event.target.checked)} /> Offline
    </label>
  )
}
