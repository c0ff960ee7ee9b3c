// "N tabs, M requests": how many tabs of the demo are open and how many requests the API answered since
// the data last changed. With fetches shared between tabs, one change costs one request however many tabs.
import type { DemoStats } from './demoStats'

export function TabsCounter({ stats }: { stats?: DemoStats }) {
  if (!stats) return null
  const tabs = `${stats.tabs} ${stats.tabs === 1 ? 'tab' : 'tabs'}`
  const requests = `${stats.requests} ${stats.requests === 1 ? 'request' : 'requests'}`
  return (
    <span
      className="status"
      data-testid="tabs-requests"
      title="Open tabs of this demo, and the requests the API answered since the data last changed"
    >
      {tabs}, {requests}
    </span>
  )
}
