// @vitest-environment node
// The entry map: every subpath of package.json `exports` has its build entry, its source, its alias and its
// TypeScript path, and resolves in a fresh build the way an installed package resolves. The metrics live in
// their own entry: the core neither exports nor bundles them, and devtools import them by their public name.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aliases, entries } from '../vite.config'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string
  exports: Record<string, string | { types: string; import: string }>
}
const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, Array<string>> }
}

const metricsNames = [
  'MetricsError',
  'evictionRate',
  'getCacheMetrics',
  'hitRate',
  'isMetricsError',
  'reportPersistence',
  'reportStreamStatus',
  'resetCacheMetrics',
  'toPrometheus',
  'trackCacheMetrics',
  'useCacheMetrics',
]

/** Subpath (`.`, `./metrics`, …) to its entry name (`index`, `metrics`, …), for every code export. */
const subpaths = Object.keys(manifest.exports)
  .filter((subpath) => subpath !== './package.json')
  .map((subpath) => ({ subpath, name: subpath === '.' ? 'index' : subpath.slice(2) }))
const specifier = (subpath: string) => (subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`)
const sourceOf = (name: string) => join(root, 'src', name === 'index' ? 'index.ts' : `${name}/index.ts`)

function* sourceFiles(directory: string): Generator<string> {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) yield* sourceFiles(path)
    else if (/\.tsx?$/.test(entry.name)) yield path
  }
}

describe('the entry map', () => {
  it('lists the metrics entry with its types and its module', () => {
    expect(manifest.exports['./metrics']).toEqual({ types: './dist/metrics/index.d.ts', import: './dist/metrics.js' })
  })

  it.each(subpaths)('maps $subpath to its build entry, its declarations and its source', ({ subpath, name }) => {
    const dts = name === 'index' ? './dist/index.d.ts' : `./dist/${name}/index.d.ts`
    expect(manifest.exports[subpath]).toEqual({ types: dts, import: `./dist/${name}.js` })
    expect((entries as Record<string, string>)[name]).toBe(sourceOf(name))
    expect(existsSync(sourceOf(name))).toBe(true)
  })

  it.each(subpaths)('resolves $subpath to its source in tests, stories and the demo', ({ subpath, name }) => {
    const id = specifier(subpath)
    const alias = aliases.find(({ find }) => find.test(id))
    expect(alias && id.replace(alias.find, alias.replacement)).toBe(sourceOf(name))
    expect(tsconfig.compilerOptions.paths[id]).toEqual([`./${relative(root, sourceOf(name))}`])
  })
})

describe('the metrics entry', () => {
  it('exports the store, its hook, its reports and the Prometheus text', async () => {
    const metrics = await import('../src/metrics/index')
    expect(Object.keys(metrics).sort()).toEqual(metricsNames)
  })

  it('is not re-exported by the core entry', async () => {
    const core = await import('../src/index')
    expect(Object.keys(core).filter((name) => metricsNames.includes(name))).toEqual([])
  })

  it('is not re-exported by the devtools entry', async () => {
    const devtools = await import('../src/devtools/index')
    expect(Object.keys(devtools)).toEqual(['CacheInspector'])
  })

  it('is imported by no other entry except by its public name', () => {
    const relativeImports = [...sourceFiles(join(root, 'src'))]
      .filter((file) => !file.startsWith(join(root, 'src', 'metrics')))
      .filter((file) => /from\s+['"](\.{1,2}\/)+metrics\//.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file))
    expect(relativeImports).toEqual([])
  })
})

describe('a fresh build', () => {
  // Laid out as an installed package (its own package.json beside dist/), so its self-references resolve
  // through its exports map as they do in an app; dependencies come from the repository's node_modules.
  const packageDir = join(root, '.tmp', `package-test-${process.pid}`)
  const dist = join(packageDir, 'dist')

  beforeAll(async () => {
    rmSync(packageDir, { recursive: true, force: true })
    mkdirSync(packageDir, { recursive: true })
    writeFileSync(join(packageDir, 'package.json'), JSON.stringify(manifest))
    await build({
      configFile: join(root, 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir: dist, emptyOutDir: true },
    })
  }, 120_000)

  afterAll(() => rmSync(packageDir, { recursive: true, force: true }))

  /** The static imports of a built module and, through the package's shared chunks, of everything it loads. */
  function importsOf(file: string, seen = new Set<string>()): Set<string> {
    const found = new Set<string>()
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)) {
      if (!spec!.startsWith('.')) found.add(spec!)
      else {
        const next = resolve(dirname(file), spec!)
        if (seen.has(next)) continue
        seen.add(next)
        for (const inner of importsOf(next, seen)) found.add(inner)
      }
    }
    return found
  }

  /**
   * Runs an ES module script in Node inside the built package (a child process: no aliases, the package's
   * names resolve through its exports map) and returns what it prints, parsed.
   */
  function runInPackage(script: string): unknown {
    const file = join(packageDir, 'script.mjs')
    writeFileSync(file, script)
    return JSON.parse(execFileSync(process.execPath, [file], { cwd: packageDir, encoding: 'utf8' }))
  }

  /** Export names of each entry as Node loads it by the package's public names. */
  const loadedExports = () =>
    runInPackage(`
      const out = {}
      for (const name of ${JSON.stringify(subpaths.map(({ subpath }) => specifier(subpath)))}) {
        out[name] = Object.keys(await import(name)).sort()
      }
      console.log(JSON.stringify(out))`) as Record<string, Array<string>>

  it('emits every module the exports map names', () => {
    for (const { name } of subpaths) expect(existsSync(join(dist, `${name}.js`)), `${name}.js`).toBe(true)
  })

  it('keeps the metrics out of the devtools bundle, imported by their public name', () => {
    const devtools = importsOf(join(dist, 'devtools.js'))
    expect(devtools).toContain('react-query-toolkit/metrics')
    expect(devtools).not.toContain('zustand')
    expect(devtools).not.toContain('zustand/vanilla')
  })

  it('leaves the metrics store out of the core bundle', () => {
    const core = importsOf(join(dist, 'index.js'))
    expect(core).not.toContain('zustand/vanilla')
    expect(core).not.toContain('react-query-toolkit/metrics')
  })

  it('loads every entry in Node by its public name, with the metrics names in the metrics entry only', () => {
    const loaded = loadedExports()
    expect(Object.keys(loaded).sort()).toEqual(subpaths.map(({ subpath }) => specifier(subpath)).sort())
    expect(loaded['react-query-toolkit/metrics']).toEqual(metricsNames)
    for (const [entry, names] of Object.entries(loaded)) {
      if (entry !== 'react-query-toolkit/metrics')
        expect(
          names.filter((name) => metricsNames.includes(name)),
          entry,
        ).toEqual([])
    }
  }, 60_000)

  it('shares one ToolkitError between the entries, so an error of any entry is an instance of the core base', () => {
    const checked = runInPackage(`
      const { ToolkitError, isToolkitError } = await import('react-query-toolkit')
      const { MetricsError } = await import('react-query-toolkit/metrics')
      const { InvalidationStreamError } = await import('react-query-toolkit/live')
      const { InvalidationHubError } = await import('react-query-toolkit/server')
      const { PersistError } = await import('react-query-toolkit/persist')
      const errors = [new MetricsError('invalid-options'), new InvalidationStreamError('stream-ended'),
        new InvalidationHubError('closed'), new PersistError('quota')]
      console.log(JSON.stringify(errors.map((error) => error instanceof ToolkitError && isToolkitError(error, error.code))))`)
    expect(checked).toEqual([true, true, true, true])
  })

  it('counts, through the metrics entry, the invalidations made through the core entry', () => {
    // The entries share the invalidation announcements through a shared chunk: a copy per entry would
    // leave the metrics deaf to the core.
    const invalidations = runInPackage(`
      import { QueryClient } from '@tanstack/react-query'
      import { invalidateKeys, invalidateTags } from 'react-query-toolkit'
      import { getCacheMetrics, trackCacheMetrics } from 'react-query-toolkit/metrics'
      const client = new QueryClient()
      trackCacheMetrics(client)
      await invalidateKeys(client, [['projects']])
      await invalidateTags(client, ['project:p1'], { source: 'mutation' })
      console.log(JSON.stringify(getCacheMetrics(client).invalidations))`)
    expect(invalidations).toEqual({ manual: 1, mutation: 1, stream: 0, tab: 0 })
  }, 60_000)
})
