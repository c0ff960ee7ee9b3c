// Where the bytes of each size row go: bundles the row from the sources with esbuild (minified, peers
// external, production defines, as `npm run size` measures the built files), then attributes the row's
// min+gzip size to each source module in proportion to the minified bytes it puts in the bundle.
// `node bench/size/breakdown.mjs [--areas] [row…]` prints one table per row (rows are the keys of `rows`
// below), per module, or with `--areas` per area of the code (`areaOf`).
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const peers = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query', '@tanstack/query-core']
const sources = (code) => ({ contents: code, resolveDir: 'src', loader: 'js' })

/** Every runtime export of the entry module `path` (under src/) but `left`, as an export line. */
function without(path, left) {
  const text = readFileSync(new URL(`../../src/${path}`, import.meta.url), 'utf8')
  const names = [...text.matchAll(/^export \{([^}]*)\} from/gm)]
    .flatMap(([, list]) => list.split(','))
    .map((name) => name.trim())
    .filter((name) => name && !left.includes(name))
  return `export { ${names.join(', ')} } from '${path}'`
}

/** Each row as an entry module over the sources; the typical rows import what bench/size/typical-*.js import. */
const typicalCore =
  "export { createQueryKeys, createQueryHooks, defineMutation, defineQueries, defineTiers, hours, invalidateTags } from './index.ts'"
const rows = {
  core: "export * from './index.ts'",
  metrics: "export * from './metrics/index.ts'",
  persist: "export * from './persist/index.ts'",
  live: "export * from './live/index.ts'",
  devtools: "export * from './devtools/index.ts'",
  'typical-core': typicalCore,
  'typical-app': `${typicalCore}
export { PersistedCacheProvider, clearPersistedCache, createIndexedDBPersister } from './persist/index.ts'
export { useInvalidationStream, useStreamStatus } from './live/index.ts'`,
  // The exports added after the budgets were set, alone (as the `added to …` rows of .size-limit.js).
  limitCache: "export { limitCache } from './index.ts'",
  evictionRate: "export { evictionRate } from './metrics/index.ts'",
  outbox: "export { createMutationOutbox, useOutbox, OutboxError, isOutboxError } from './persist/index.ts'",
  // Each entry without what was added to it, so `entry − row` is what the addition costs an app that
  // imports the whole entry (modules it shares with the rest are not counted twice).
  'core-without-limitCache': without('./index.ts', ['limitCache']),
  'core-without-sharing': `${without('./index.ts', ['syncTabs'])}\nexport { syncTabs } from './syncTabs.ts'`,
  'metrics-without-evictionRate': without('./metrics/index.ts', ['evictionRate']),
  'persist-without-outbox': without('./persist/index.ts', [
    'createMutationOutbox',
    'useOutbox',
    'OutboxError',
    'isOutboxError',
  ]),
}

/** The area of the code a module belongs to, for `--areas`. */
const areas = [
  ['libraries (eventsource-parser, zustand, idb-keyval)', /^~/],
  [
    'keys: createQueryKeys, mergeQueryKeys, createMutationKeys',
    /src\/(createQueryKeys|mergeQueryKeys|createMutationKeys|buildKeys|keyTargets|factoryArity|assertKeyParts)\.ts$/,
  ],
  [
    'tiers and definitions: tiers, defineQueries, createQueryHooks',
    /src\/(tiers|time|defineQueries|createQueryHooks)\.ts$|tierRegistrations|queryTags/,
  ],
  ['mutations: defineMutation, writes, optimistic layers', /src\/(defineMutation|mutation\w+)\.ts$|optimisticLayers/],
  ['key tiers for persistence: keyTiers', /src\/internal\/keyTiers\.ts$/],
  ['engine: index, trie, request, pass, schedulers', /src\/internal\/|src\/invalidate(Keys|Tags)\.ts$/],
  ['errors: ToolkitError and subclasses', /src\/errors\.ts$|Error\.ts$/],
  ['warming: warmCache', /src\/warmCache\.ts$/],
  ['cache bound: limitCache, estimateBytes, evictions', /src\/(limitCache|evictions)\.ts$|src\/limit\//],
  ['fetch sharing: shareFetches', /src\/(shareFetches\.ts|tabs\/share)/],
  ['mutation outbox', /src\/persist\/(outbox\/|createMutationOutbox|useOutbox)/],
  ['shared slots: openStreams, openOutboxes', /src\/open(Streams|Outboxes)\.ts$/],
  ['tabs: syncTabs, tab channel, tab pass', /src\/(syncTabs\.ts|tabs\/)/],
  ['protocol: limits and validation', /src\/protocol\//],
  ['live: transport, leader, batch, status', /src\/live\//],
  ['persist', /src\/persist\//],
  ['metrics', /src\/metrics\//],
  ['devtools: inspector sections, shadow panel', /src\/devtools\//],
  ['other', /./],
]
const areaOf = (path) => areas.find(([, pattern]) => pattern.test(path))[0]

const kB = (bytes) => `${(bytes / 1000).toFixed(2)}`

async function measure(name) {
  const result = await build({
    stdin: sources(rows[name]),
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    metafile: true,
    target: 'es2022',
    external: peers,
    define: { 'process.env.NODE_ENV': '"production"' },
    alias: { 'react-query-toolkit/metrics': './src/metrics/index.ts' },
    logLevel: 'error',
  })
  const code = result.outputFiles[0].contents
  const gzip = gzipSync(code, { level: 9 }).length
  const [output] = Object.values(result.metafile.outputs)
  const modules = Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => ({ path: path.replace(/^node_modules\//, '~'), bytes: bytesInOutput }))
    .filter((module) => module.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes)
  const byArea = new Map()
  for (const { path, bytes } of modules) byArea.set(areaOf(path), (byArea.get(areaOf(path)) ?? 0) + bytes)
  const lines = perArea
    ? [...byArea].sort((a, b) => b[1] - a[1]).map(([area, bytes]) => ({ path: area, bytes }))
    : modules
  console.log(`\n### ${name}: ${kB(code.length)} kB minified, ${kB(gzip)} kB min+gz\n`)
  console.log(`| ${perArea ? 'area' : 'module'} | minified | share of min+gz |`)
  console.log('|---|---|---|')
  for (const { path, bytes } of lines) {
    console.log(`| ${path} | ${bytes} B | ${kB((bytes / code.length) * gzip)} kB |`)
  }
}

const args = process.argv.slice(2)
const perArea = args.includes('--areas')
const names = args.filter((arg) => arg !== '--areas')
for (const name of names.length > 0 ? names : Object.keys(rows)) await measure(name)
