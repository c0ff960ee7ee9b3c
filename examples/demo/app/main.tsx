import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode, useEffect, useMemo, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { reportPersistence, trackCacheMetrics } from 'react-query-toolkit/metrics'
import { createIndexedDBPersister, createMutationOutbox, PersistedCacheProvider } from 'react-query-toolkit/persist'
import type { MutationOutbox, QueryPersister, RestoreReport } from 'react-query-toolkit/persist'
import { useCreateProject, useRenameProject } from '../../domain/queries'
import { setRequestHeader } from '../../domain/network'
import { App } from './App'
import { holdTabLock, tabId } from './demoStats'
import { startOfflineSwitch } from './offline'
import { signIn, useCurrentUser } from './session'

const queryClient = new QueryClient()
// Counted from the first query on, not from when the inspector mounts.
trackCacheMetrics(queryClient)

if (!localStorage.getItem('demo-user')) signIn('ada')
startOfflineSwitch()
holdTabLock()
// The API's write log names the tab that sent each write.
setRequestHeader('X-Demo-Tab', tabId)

function Root() {
  const user = useCurrentUser()
  const [restore, setRestore] = useState<RestoreReport>()
  const persister = useMemo(
    () => (user ? createIndexedDBPersister({ namespace: user, buster: 'demo-v1' }) : undefined),
    [user],
  )
  const outbox = useMutationOutbox(persister)
  if (!user || !persister) return <SignedOut />
  return (
    <PersistedCacheProvider
      key={user}
      client={queryClient}
      persister={persister}
      onRestored={(report) => {
        setRestore(report)
        // The inspector's "Last restore" figure.
        reportPersistence(queryClient, { ...persister.stats(), lastRestore: report })
      }}
    >
      <App user={user} persister={persister} restore={restore} outbox={outbox} />
    </PersistedCacheProvider>
  )
}

/** The user's outbox: durable writes are recorded in their namespace; it stops when they sign out. */
function useMutationOutbox(persister: QueryPersister | undefined): MutationOutbox | undefined {
  const [outbox, setOutbox] = useState<MutationOutbox>()
  useEffect(() => {
    if (!persister) return
    const created = createMutationOutbox(queryClient, persister, { mutations: [useRenameProject, useCreateProject] })
    // The outbox is an external system bound to this persister; the page renders it once it exists.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setOutbox(created)
    return () => {
      created.stop()
      setOutbox(undefined)
    }
  }, [persister])
  return outbox
}

function SignedOut() {
  return (
    <main className="signed-out" data-testid="signed-out">
      <section aria-label="Signed out">
        <h1>Signed out</h1>
        <p>The cache of the last user was cleared, on disk and in every tab.</p>
        <div className="actions">
          <button type="button" onClick={() => signIn('ada')}>
            Sign in as Ada
          </button>
          <button type="button" onClick={() => signIn('grace')}>
            Sign in as Grace
          </button>
        </div>
      </section>
    </main>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Root />
    </QueryClientProvider>
  </StrictMode>,
)
