// Bundle budgets per entry, min+gzip, peers external, measured as an app's production build sees
// the package (development-only diagnostics removed). `npm run size` fails when one is exceeded.
// Rows without a budget are printed beside them for comparison: every client entry together, TanStack's own
// persistence over IndexedDB, the libraries each entry is built on (a floor its own code adds to), and the
// stitched set of packages a team would otherwise assemble.
const peers = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query', '@tanstack/query-core']
// tsconfig.build.json has no `paths`, so `react-query-toolkit/metrics` (imported by devtools) resolves as in
// an app, through the package's exports to dist/metrics.js; tsconfig.json would map it to the sources.
const production = (config) => ({
  ...config,
  tsconfig: 'tsconfig.build.json',
  define: { ...config.define, 'process.env.NODE_ENV': '"production"' },
})

// The row `npm run size:report` divides the typical-use rows by (its name is how the report finds it).
export const STITCHED =
  'stitched set: query-key-factory + persist-client-core + async-storage-persister + idb-keyval + broadcast-client + fetch-event-source'

const entry = (name, path, limit, imports = '*') => ({
  name,
  path,
  import: imports,
  ...(limit && { limit }),
  gzip: true,
  ignore: peers,
  modifyEsbuildConfig: production,
})

// An export added after its entry's budget was set may raise that budget by its own size (issue 12): each is
// measured alone, as an app importing only it pays (the modules it shares with the rest of the entry count).
const added = (entryName, path, exports) =>
  entry(`added to ${entryName}: ${exports.join(' + ')}, alone`, path, undefined, `{ ${exports.join(', ')} }`)

export default [
  entry('core (react-query-toolkit)', 'dist/index.js', '4.5 kB'),
  entry('metrics', 'dist/metrics.js', '2.5 kB'),
  entry('persist', 'dist/persist.js', '3.5 kB'),
  entry('live', 'dist/live.js', '6 kB'),
  entry('all client entries (core + metrics + persist + live)', 'bench/size/all-client.js'),
  entry('devtools (CacheInspector, optional)', 'dist/devtools.js', '6 kB'),
  entry('typical use of core: keys, definitions, hooks, mutations, tiers', 'bench/size/typical-core.js', '3 kB'),
  entry(
    'typical use of all client entries: the above + persistence provider + stream hooks',
    'bench/size/typical-app.js',
    '10.5 kB',
  ),
  added('core', 'dist/index.js', ['limitCache']),
  added('metrics', 'dist/metrics.js', ['evictionRate']),
  added('persist', 'dist/persist.js', ['createMutationOutbox', 'useOutbox', 'OutboxError', 'isOutboxError']),
  entry(STITCHED, 'bench/size/stitched.js'),
  entry(
    'baseline: TanStack persist-client-core + async-storage-persister + idb-keyval',
    'bench/size/tanstack-persistence.js',
  ),
  entry('floor of persist: idb-keyval', 'bench/size/persist-libraries.js'),
  entry('floor of live: eventsource-parser + zustand', 'bench/size/live-libraries.js'),
]
