// Proves the published package compiles in an app that never installed ioredis (an optional peer), with
// `skipLibCheck: false` so every shipped .d.ts is checked: packs the built package (run `npm run build`
// first; `npm run check:consumer` does), installs the tarball with its dependencies and the other peers into
// a temporary project, checks ioredis is absent, type-checks a file importing every entry under both module
// resolutions an app may use, and loads the server entry in Node to see `redisBus({ url })` fail clearly.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const run = (command, args, cwd) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' })
const fail = (message) => {
  console.error(`check:consumer: ${message}`)
  process.exitCode = 1
}

if (!existsSync(join(root, 'dist'))) throw new Error('no dist/: run `npm run build` first')
const work = mkdtempSync(join(tmpdir(), 'rqt-consumer-'))
try {
  const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root))
  // The versions the package is developed against; ioredis deliberately left out.
  const pinned = (name) => `${name}@${manifest.devDependencies[name]}`
  const consumerDependencies = ['@tanstack/react-query', 'react', '@types/react', '@types/node', 'typescript']
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      join(work, filename),
      ...consumerDependencies.map(pinned),
    ],
    work,
  )
  if (existsSync(join(work, 'node_modules/ioredis')))
    throw new Error('ioredis was installed; the check needs it absent')

  const entries = Object.keys(manifest.exports).filter((subpath) => subpath !== './package.json')
  const specifiers = entries.map((subpath) => join(manifest.name, subpath).replace(/\/\.$/, ''))
  writeFileSync(
    join(work, 'index.ts'),
    specifiers.map((specifier, index) => `export * as entry${index} from '${specifier}'\n`).join(''),
  )
  for (const resolution of ['NodeNext', 'Bundler']) {
    const options = {
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      target: 'ES2022',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      jsx: 'react-jsx',
      module: resolution === 'Bundler' ? 'ESNext' : 'NodeNext',
      moduleResolution: resolution,
      types: ['node'],
    }
    writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['index.ts'] }))
    try {
      run(join(work, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], work)
      console.log(
        `check:consumer: ${specifiers.join(', ')} compile without ioredis (${resolution}, skipLibCheck false)`,
      )
    } catch (error) {
      fail(`the published types do not compile without ioredis (${resolution}):\n${error.stdout}${error.stderr}`)
    }
  }

  const probe = `
    import { redisBus, isInvalidationHubError } from '${manifest.name}/server'
    const bus = redisBus({ url: 'redis://127.0.0.1:1' })
    try { await bus.head(); console.log('resolved') } catch (error) {
      console.log(isInvalidationHubError(error) && error.code === 'invalid-options' ? 'clear error' : String(error))
    }`
  const outcome = run('node', ['--input-type=module', '-e', probe], work).trim()
  if (outcome === 'clear error')
    console.log('check:consumer: the server entry loads without ioredis; redisBus({ url }) says it needs it')
  else fail(`redisBus({ url }) without ioredis gave "${outcome}" instead of an invalid-options InvalidationHubError`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
