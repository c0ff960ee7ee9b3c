// What both typecheck scripts share: the toolkit's emitted declarations, writing a generated app with its own
// tsconfig, and one `tsc --extendedDiagnostics` run read into figures. Apps are written under node_modules/.cache
// so the repo's own tsconfig, ESLint and Prettier never see them.
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export const root = path.resolve(import.meta.dirname, '../..')
const out = path.join(root, 'node_modules/.cache/typecheck-bench')
const tsc = path.join(root, 'node_modules/typescript/bin/tsc')

export const tscVersion = (): string => execFileSync(process.execPath, [tsc, '-v'], { encoding: 'utf8' }).trim()

/**
 * Emits the toolkit's declarations as `npm run build` does; returns the entry's `.d.ts`. `revision` takes the
 * sources of that git revision instead of the working tree's (written under the cache folder, so they resolve
 * the same `node_modules`).
 */
export function emitDeclarations(revision?: string): string {
  const dir = path.join(out, revision === undefined ? 'declarations' : `declarations-${revision.replace(/\W+/g, '-')}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const sources = revision === undefined ? path.join(root, 'src') : extract(revision, path.join(dir, 'sources'))
  const compilerOptions = {
    noEmit: false,
    // A failed emit writes nothing, so a file resolved outside `rootDir` never lands beside the sources.
    noEmitOnError: true,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: sources,
    outDir: path.join(dir, 'dist'),
    // The package's own entry names (the devtools import the metrics by name), resolved to these sources.
    paths: {
      'react-query-toolkit': [path.join(sources, 'index.ts')],
      'react-query-toolkit/*': [path.join(sources, '*/index.ts')],
    },
  }
  const config = { extends: path.join(root, 'tsconfig.json'), compilerOptions, include: [sources] }
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config))
  execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' })
  return path.join(dir, 'dist/index.d.ts')
}

/** Writes the `src` folder of a git revision into `target`; returns the folder. */
function extract(revision: string, target: string): string {
  mkdirSync(target, { recursive: true })
  const archive = execFileSync('git', ['archive', '--format=tar', revision, 'src'], { cwd: root, maxBuffer: 1 << 28 })
  execFileSync('tar', ['-x', '-C', target], { input: archive })
  return path.join(target, 'src')
}

/** Writes an app's files and a tsconfig resolving `react-query-toolkit` to `entry`; returns its folder. */
export function write(name: string, files: Record<string, string>, entry: string): string {
  const dir = path.join(out, name.replace(/\W+/g, '-'))
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text)
  const compilerOptions = {
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    module: 'ESNext',
    moduleResolution: 'Bundler',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    paths: { 'react-query-toolkit': [entry] },
  }
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }, null, 2))
  return dir
}

/**
 * Preloaded into each `tsc` run: prints the process's CPU time (user + system) on exit. On a loaded machine the
 * wall-clock check time follows the load; the CPU time moves far less.
 */
function cpuTimeHook(): string {
  const file = path.join(out, 'cpu-time.cjs')
  mkdirSync(out, { recursive: true })
  writeFileSync(
    file,
    "process.on('exit', () => { const { user, system } = process.cpuUsage(); " +
      "process.stdout.write('CPU time: ' + ((user + system) / 1e6).toFixed(2) + 's\\n') })\n",
  )
  return file
}

export interface Figures {
  checkSeconds: number
  /** CPU time of the whole `tsc` run (parse, bind, check), user + system. */
  cpuSeconds: number
  instantiations: number
  types: number
  memoryK: number
  errors: string
}

/** One `tsc --extendedDiagnostics` run of the app in `dir`. */
export function measure(dir: string): Figures {
  let output: string
  let errors = 'none'
  try {
    const args = ['--require', cpuTimeHook(), tsc, '--extendedDiagnostics', '-p', dir]
    output = execFileSync(process.execPath, args, { encoding: 'utf8' })
  } catch (error) {
    output = String((error as { stdout?: string }).stdout)
    errors = output.split('\n').find((line) => line.includes('error TS')) ?? 'tsc failed'
  }
  const read = (label: string) =>
    Number(/^(.*?):\s+([\d.]+)/m.exec(output.split('\n').find((l) => l.startsWith(label)) ?? '')?.[2] ?? NaN)
  return {
    checkSeconds: read('Check time'),
    cpuSeconds: read('CPU time'),
    instantiations: read('Instantiations'),
    types: read('Types'),
    memoryK: read('Memory used'),
    errors,
  }
}

/**
 * Runs every app `runs` times, round-robin (app 1, app 2, …, then again), so a drift in the machine's load hits
 * every app alike; returns each app's runs sorted by check time.
 */
export function measureRoundRobin(dirs: ReadonlyArray<string>, runs: number): Array<Array<Figures>> {
  const results = dirs.map((): Array<Figures> => [])
  for (let run = 0; run < runs; run += 1) dirs.forEach((dir, app) => results[app]!.push(measure(dir)))
  return results.map((figures) => figures.sort((a, b) => a.checkSeconds - b.checkSeconds))
}

/**
 * One printed row: the median check time with its min–max, the median CPU time of the whole run, and the
 * instantiations, types and memory of the median run (the counts are the same in every run).
 */
export function row(name: string, runs: ReadonlyArray<Figures>): string {
  const median = runs[Math.floor(runs.length / 2)]!
  const spread = `${runs[0]!.checkSeconds.toFixed(2)}–${runs[runs.length - 1]!.checkSeconds.toFixed(2)}`
  const cpu = runs.map((figures) => figures.cpuSeconds).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!
  return [
    name.padEnd(72),
    median.checkSeconds.toFixed(2).padStart(7),
    spread.padStart(11),
    cpu.toFixed(2).padStart(6),
    String(median.instantiations).padStart(14),
    String(median.types).padStart(7),
    String(median.memoryK).padStart(9),
    ` ${median.errors}`,
  ].join(' ')
}

export const header = (): string =>
  [
    'app'.padEnd(72),
    'check s'.padStart(7),
    'min–max'.padStart(11),
    'cpu s'.padStart(6),
    'instantiations'.padStart(14),
    'types'.padStart(7),
    'memory K'.padStart(9),
    ' errors',
  ].join(' ')
