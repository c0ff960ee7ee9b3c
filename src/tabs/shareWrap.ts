// How shared fetches reach every query: while a client shares fetches, each query function its options
// are defaulted with (a `useQuery`, a definition of `defineQueries`, `fetchQuery`, query defaults) is
// wrapped once, so the wrapper decides at fetch time whether another tab answers instead.
import { hashKey } from '@tanstack/react-query'
import type { QueryClient, QueryFunction, QueryFunctionContext, QueryKey } from '@tanstack/react-query'

export type KeyHasher = (queryKey: QueryKey) => string
export type SharedFetcher = (original: QueryFunction, context: QueryFunctionContext, hash: KeyHasher) => unknown

type Defaulting = QueryClient['defaultQueryOptions']

const fetchers = new WeakMap<QueryClient, SharedFetcher>()
const wrappers = new WeakMap<QueryFunction, Map<KeyHasher | undefined, QueryFunction>>()
const isWrapper = new WeakSet<QueryFunction>()

/** Routes `client`'s fetches through `fetcher` until the returned release. */
export function interceptFetches(client: QueryClient, fetcher: SharedFetcher): () => void {
  fetchers.set(client, fetcher)
  const base: Defaulting = client.defaultQueryOptions
  const patched = function (this: QueryClient, options: Parameters<Defaulting>[0]) {
    const defaulted = base.call(this, options)
    if (defaulted !== options) {
      const { queryFn, queryKeyHashFn } = defaulted
      if (typeof queryFn === 'function' && !isWrapper.has(queryFn)) {
        defaulted.queryFn = wrapperOf(queryFn as QueryFunction, queryKeyHashFn)
      }
    }
    return defaulted
  } as Defaulting
  const own = Object.prototype.hasOwnProperty.call(client, 'defaultQueryOptions')
  client.defaultQueryOptions = patched
  return () => {
    if (fetchers.get(client) === fetcher) fetchers.delete(client)
    if (client.defaultQueryOptions !== patched) return
    if (own) client.defaultQueryOptions = base
    else delete (client as Partial<Pick<QueryClient, 'defaultQueryOptions'>>).defaultQueryOptions
  }
}

// One wrapper per function and hash function, so a stable `queryFn` stays stable (options compare equal).
function wrapperOf(original: QueryFunction, hasher: KeyHasher | undefined): QueryFunction {
  let byHasher = wrappers.get(original)
  if (!byHasher) wrappers.set(original, (byHasher = new Map()))
  let wrapper = byHasher.get(hasher)
  if (!wrapper) {
    wrapper = (context) => {
      // A client that stopped sharing (or never did: a wrapper outlives its sync) fetches as usual.
      const fetcher = fetchers.get(context.client)
      return (fetcher ? fetcher(original, context, hasher ?? hashKey) : original(context)) as ReturnType<QueryFunction>
    }
    isWrapper.add(wrapper)
    byHasher.set(hasher, wrapper)
  }
  return wrapper
}
