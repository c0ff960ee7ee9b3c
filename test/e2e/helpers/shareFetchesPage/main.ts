// A bare page for the shared-fetch spec: one active query (`['counter']`, from `/api/counter`), the
// toolkit's stream from `/events` shared by the tabs, and `syncTabs` with `shareFetches` unless `?share=0`.
// It shows the version it holds and exposes, for the test, whether its query is fetching.
import { QueryClient, QueryObserver } from '@tanstack/react-query'
import { syncTabs } from '../../../../src/index'
import { connectInvalidationStream } from '../../../../src/live'

declare global {
  interface Window {
    e2eQuery: () => { version: number | undefined; isFetching: boolean; dataUpdatedAt: number }
    e2eRole: () => string
  }
}

const params = new URLSearchParams(location.search)
const tab = params.get('tab') ?? '?'
const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Number.POSITIVE_INFINITY } } })
syncTabs(client, { shareFetches: params.get('share') !== '0', jitterMs: 0 })
const stream = connectInvalidationStream(client, { url: '/events', jitterMs: 0, resumeStorage: false })
const observer = new QueryObserver(client, {
  queryKey: ['counter'],
  queryFn: async ({ signal }) => {
    const response = await fetch(`/api/counter?tab=${tab}`, { signal })
    return (await response.json()) as { version: number }
  },
})
const output = document.querySelector('#version')!
observer.subscribe((result) => {
  output.textContent = result.data === undefined ? '' : String(result.data.version)
})
window.e2eQuery = () => {
  const { data, isFetching, dataUpdatedAt } = observer.getCurrentResult()
  return { version: data?.version, isFetching, dataUpdatedAt }
}
window.e2eRole = () => stream.status.getState().role
