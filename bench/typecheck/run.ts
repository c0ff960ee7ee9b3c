// `npm run bench:typecheck`: writes the generated apps under node_modules/.cache (so the repo's own tsconfig,
// ESLint and Prettier never see them), runs `tsc --extendedDiagnostics` on each, and prints check time,
// instantiations, types and memory side by side. Figures are printed, never asserted.
// The toolkit apps import the toolkit as users do, through its emitted declarations (`skipLibCheck` skips
// checking them); one row imports the sources instead, where every app also pays for checking the library.
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { FACTORIES, keysOnlyApp, libraryOnlyApp, oursApp, plainApp } from './generate'

const root = path.resolve(import.meta.dirname, '../..')
const out = path.join(root, 'node_modules/.cache/typecheck-bench')
const tsc = path.join(root, 'node_modules/typescript/bin/tsc')

/** Emits the toolkit's declarations as `npm run build` does; returns the entry's `.d.ts`. */
function emitDeclarations(): string {
  const dir = path.join(out, 'declarations')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const config = {
    extends: path.join(root, 'tsconfig.json'),
    compilerOptions: { noEmit: false, declaration: true, emitDeclarationOnly: true, rootDir: path.join(root, 'src') },
    include: [path.join(root, 'src')],
  }
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ ...config, compilerOptions: { ...config.compilerOptions, outDir: path.join(dir, 'dist') } }),
  )
  execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' })
  return path.join(dir, 'dist/index.d.ts')
}

function write(name: string, files: Record<string, string>, entry: string): string {
  const dir = path.join(out, name)
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

interface Figures {
  checkSeconds: number
  instantiations: number
  types: number
  memoryK: number
  errors: string
}

function measure(dir: string): Figures {
  let output: string
  let errors = 'none'
  try {
    output = execFileSync(process.execPath, [tsc, '--extendedDiagnostics', '-p', dir], { encoding: 'utf8' })
  } catch (error) {
    output = String((error as { stdout?: string }).stdout)
    errors = output.split('\n').find((line) => line.includes('error TS')) ?? 'tsc failed'
  }
  const read = (label: string) =>
    Number(/^(.*?):\s+([\d.]+)/m.exec(output.split('\n').find((l) => l.startsWith(label)) ?? '')?.[2] ?? NaN)
  return {
    checkSeconds: read('Check time'),
    instantiations: read('Instantiations'),
    types: read('Types'),
    memoryK: read('Memory used'),
    errors,
  }
}

const runs = Number(process.env.RUNS ?? 3)
const declarations = emitDeclarations()
const sources = path.join(root, 'src/index.ts')
const apps: Array<[string, Record<string, string>, string]> = [
  ['toolkit only (import, no app)', libraryOnlyApp(), declarations],
  [`toolkit: ${FACTORIES} factories merged, 300 definitions, ${FACTORIES} mutations`, oursApp(false), declarations],
  ['toolkit, keys registered (checked targets)', oursApp(true), declarations],
  [`toolkit keys only: ${FACTORIES} factories, three levels, merged`, keysOnlyApp(), declarations],
  [`plain TanStack queryOptions, same app`, plainApp(), declarations],
  ['toolkit app from the sources (the library checked too)', oursApp(false), sources],
]

console.log(
  `tsc ${execFileSync(process.execPath, [tsc, '-v'], { encoding: 'utf8' }).trim()}, Node ${process.version}, median of ${runs} runs`,
)
console.log('app'.padEnd(72), 'check s', 'instantiations', 'types', 'memory K', 'errors')
for (const [name, files, entry] of apps) {
  const dir = write(name.replace(/\W+/g, '-'), files, entry)
  const results = Array.from({ length: runs }, () => measure(dir)).sort((a, b) => a.checkSeconds - b.checkSeconds)
  const median = results[Math.floor(results.length / 2)] as Figures
  console.log(
    name.padEnd(72),
    median.checkSeconds.toFixed(2).padStart(7),
    String(median.instantiations).padStart(14),
    String(median.types).padStart(6),
    String(median.memoryK).padStart(9),
    median.errors,
  )
}
