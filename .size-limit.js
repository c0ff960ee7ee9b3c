// Bundle budgets per entry, min+gzip, peers external, measured as an app's production build sees
// the package (development-only diagnostics removed). `npm run size` fails when one is exceeded.
const peers = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query', '@tanstack/query-core']
const production = (config) => ({ ...config, define: { ...config.define, 'process.env.NODE_ENV': '"production"' } })

const entry = (name, path, limit) => ({
  name,
  path,
  import: '*',
  limit,
  gzip: true,
  ignore: peers,
  modifyEsbuildConfig: production,
})

export default [
  entry('core (react-query-toolkit)', 'dist/index.js', '3 kB'),
  entry('persist', 'dist/persist.js', '2 kB'),
  entry('live', 'dist/live.js', '3.5 kB'),
  entry('all client entries (core + persist + live)', 'scripts/size-all-client.js', '8 kB'),
  entry('devtools (CacheInspector, optional)', 'dist/devtools.js', '6 kB'),
]
