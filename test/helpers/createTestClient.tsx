// A QueryClient for tests (no retries, so failures surface at once), a provider wrapper for renderHook,
// and rendering inside a Suspense boundary.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import type { QueryClientConfig } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import { Suspense } from 'react'
import type { ReactNode } from 'react'

export function createTestClient(config: QueryClientConfig = {}): QueryClient {
  return new QueryClient({
    ...config,
    defaultOptions: {
      ...config.defaultOptions,
      queries: { retry: false, ...config.defaultOptions?.queries },
      mutations: { retry: false, ...config.defaultOptions?.mutations },
    },
  })
}

/** A `wrapper` for `renderHook`/`render` that provides `client`. */
export function providerFor(client: QueryClient) {
  return function TestProvider({ children }: { children: ReactNode }) {
    return <QueryClientProvider client={client}>{children}</QueryClientProvider>
  }
}

/** Renders `ui` with `client` provided, inside a Suspense boundary whose fallback reads "loading". */
export function renderSuspended(client: QueryClient, ui: ReactNode) {
  return render(
    <QueryClientProvider client={client}>
      <Suspense fallback={<p>loading</p>}>{ui}</Suspense>
    </QueryClientProvider>,
  )
}

/** A promise with its resolve and reject exposed (Node 20 has no `Promise.withResolvers`). */
export function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
