// Decorator: each story renders with its own QueryClient, tracked for metrics from the first query.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import type { Decorator } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import { trackCacheMetrics } from 'react-query-toolkit/metrics'

const open = new Set<QueryClient>()

/** A client as an app would create it, with metrics tracked from the start. */
export function createStoryClient(): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  trackCacheMetrics(client)
  open.add(client)
  return client
}

/** Clears every client the stories created (the story tests call it when they end). */
export function clearStoryClients(): void {
  for (const client of open) client.clear()
  open.clear()
}

function StoryClient({ children }: { children: React.ReactNode }) {
  // Created during render so tracking starts before the first observer mounts.
  const [client] = useState(createStoryClient)
  useEffect(() => () => client.clear(), [client])
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>
}

/** Skipped by stories that manage their own clients (`parameters: { ownClient: true }`). */
export const withQueryClient: Decorator = (Story, context) =>
  context.parameters.ownClient ? (
    <Story />
  ) : (
    <StoryClient>
      <Story />
    </StoryClient>
  )
