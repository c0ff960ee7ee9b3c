// @vitest-environment node
// An app pays for what it imports (`"sideEffects": false`): each export bundles only its own modules, and
// code that only some apps need stays out of the typical imports. Bundled from the sources as
// `bench/size/breakdown.mjs` does (esbuild, peers external, production defines).
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const peers = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query', '@tanstack/query-core']

async function modulesOf(entry: string): Promise<Array<string>> {
  const result = await bundle(entry)
  const [output] = Object.values(result.metafile.outputs)
  return Object.entries(output!.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path)
    .sort()
}

function bundle(entry: string) {
  return build({
    stdin: { contents: entry, resolveDir: 'src', loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    metafile: true,
    external: [...peers, 'zustand', 'eventsource-parser', 'idb-keyval'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  })
}

const typicalCore =
  "export { createQueryKeys, createQueryHooks, defineMutation, defineQueries, defineTiers, hours, invalidateTags } from './index.ts'"

describe('tree-shaking', () => {
  it('bundles a duration helper alone', async () => {
    expect(await modulesOf("export { hours } from './index.ts'")).toEqual(['src/time.ts'])
  })

  it('bundles the error base class alone', async () => {
    expect(await modulesOf("export { isToolkitError } from './index.ts'")).toEqual(['src/errors.ts'])
  })

  it('keeps the key-tier trie out of an app that never persists', async () => {
    const modules = await modulesOf(typicalCore)
    expect(modules).toContain('src/internal/tierRegistrations.ts')
    expect(modules).not.toContain('src/internal/keyTiers.ts')
  })

  it('keeps tab sync, the stream scheduler and the protocol out of the typical core', async () => {
    const modules = await modulesOf(typicalCore)
    expect(modules.filter((path) => /syncTabs|tabs\/|streamScheduler|protocol\//.test(path))).toEqual([])
  })

  it('keeps the mutation outbox out of an app that persists and logs out but makes no outbox', async () => {
    const modules = await modulesOf(
      "export { PersistedCacheProvider, clearPersistedCache, createIndexedDBPersister } from './persist/index.ts'",
    )
    expect(modules).toContain('src/persist/outbox/outboxRegistry.ts')
    expect(modules.filter((path) => /outbox\/(?!outboxRegistry)|createMutationOutbox/.test(path))).toEqual([])
  })

  it('gives a logout the outbox registry only', async () => {
    const modules = await modulesOf("export { clearPersistedCache } from './persist/index.ts'")
    expect(modules.filter((path) => path.includes('outbox'))).toEqual(['src/persist/outbox/outboxRegistry.ts'])
  })

  it("drops the mutation outbox's sentences from production builds, keeping its codes", async () => {
    const code = (await bundle("export * from './persist/index.ts'")).outputFiles[0]!.text
    expect(code).toContain('discarded')
    expect(code).not.toMatch(/unsent \(|did not answer in|cannot be stored as JSON|must be durable|is over \$/)
  })

  it('drops the report checks of the metrics from a build that uses none of them', async () => {
    // The built entry puts its modules in one file, where only a pure call can be dropped.
    const code = (await bundle("export { isFigure } from './metrics/internal/validReport.ts'")).outputFiles[0]!.text
    expect(code).not.toMatch(/connecting|leader/)
  })

  it('gives the persister the key-tier trie', async () => {
    expect(await modulesOf("export { persistQueryCache } from './persist/index.ts'")).toContain(
      'src/internal/keyTiers.ts',
    )
  })
})
