// `npm run bench:typecheck`: writes the generated apps, runs `tsc --extendedDiagnostics` on each (RUNS times,
// round-robin so load drifts hit every app alike) and prints the median check time with its min–max,
// instantiations, types and memory side by side. Figures are printed, never asserted.
// The toolkit apps import the toolkit as users do, through its emitted declarations (`skipLibCheck` skips
// checking them); one row imports the sources instead, where every app also pays for checking the library.
// `SPLIT=1` prints instead where a toolkit repository's cost goes: keys, then each part added (see generate.ts).
// `KEYS=1` prints instead what the key factories cost: the app with its factories' types written by hand, the
// same with the `createQueryKeys` calls kept (results unused), and the calls alone beside their floors.
// `BEFORE=<git revision>` adds the toolkit apps built on that revision's declarations, measured in the same
// round-robin: a before/after comparison that one machine's load cannot skew.
import path from 'node:path'
import {
  FACTORIES,
  factoryCallsApp,
  handKeysApp,
  handKeysCheckApp,
  keysOnlyApp,
  libraryOnlyApp,
  oursApp,
  plainApp,
} from './generate'
import type { Parts } from './generate'
import { emitDeclarations, header, measure, measureRoundRobin, root, row, tscVersion, write } from './tsc'

const runs = Number(process.env.RUNS ?? 5)
const declarations = emitDeclarations()
const sources = path.join(root, 'src/index.ts')
const before = process.env.BEFORE

const split: Array<[string, Parts]> = [
  ['keys only (60 factories, merged)', { queries: 0, mutation: 'none' }],
  ['+ 1 defineQueries (3 definitions)', { queries: 1, mutation: 'none' }],
  ['+ 3 defineQueries (5 definitions, the app)', { queries: 3, mutation: 'none' }],
  ['keys + 3 defineQueries + defineMutation (mutationFn only)', { queries: 3, mutation: 'mutationFn' }],
  ['  … + invalidates', { queries: 3, mutation: 'invalidates' }],
  ['  … + writes', { queries: 3, mutation: 'writes' }],
  ['  … + invalidates + writes (the app)', { queries: 3, mutation: 'both' }],
]

const keyCosts: Array<[string, Record<string, string>, string]> = [
  [`toolkit app (${FACTORIES} factories)`, oursApp(false), declarations],
  ['the same, factory types written by hand (no createQueryKeys)', handKeysApp(false), declarations],
  ['the same, plus the createQueryKeys calls (results unused)', handKeysApp(true), declarations],
  ['plain TanStack queryOptions, same app', plainApp(), declarations],
  [`the ${FACTORIES} createQueryKeys calls alone`, factoryCallsApp('createQueryKeys'), declarations],
  ['the same schemas, a generic identity function (<const T>)', factoryCallsApp('identity'), declarations],
  ['the same schemas, a function that is not generic', factoryCallsApp('not generic'), declarations],
]

const apps: Array<[string, Record<string, string>, string]> = process.env.KEYS
  ? keyCosts
  : process.env.SPLIT
    ? [
        ...split.map(([name, parts]): [string, Record<string, string>, string] => [
          name,
          oursApp(false, parts),
          declarations,
        ]),
        ...split.map(([name, parts]): [string, Record<string, string>, string] => [
          `registered: ${name}`,
          oursApp(true, parts),
          declarations,
        ]),
      ]
    : [
        ['toolkit only (import, no app)', libraryOnlyApp(), declarations],
        [
          `toolkit: ${FACTORIES} factories merged, 300 definitions, ${FACTORIES} mutations`,
          oursApp(false),
          declarations,
        ],
        ['toolkit, keys registered (checked targets)', oursApp(true), declarations],
        [`toolkit keys only: ${FACTORIES} factories, three levels, merged`, keysOnlyApp(), declarations],
        [`plain TanStack queryOptions, same app`, plainApp(), declarations],
        ['toolkit app from the sources (the library checked too)', oursApp(false), sources],
      ]
if (before) {
  const earlier = emitDeclarations(before)
  apps.push([`toolkit app, declarations of ${before}`, oursApp(false), earlier])
  apps.push([`toolkit app, keys registered, declarations of ${before}`, oursApp(true), earlier])
}

if (process.env.KEYS) {
  const check = measure(write('hand-written key types check', handKeysCheckApp(), declarations))
  if (check.errors !== 'none')
    throw new Error(`the hand-written key types are not what createQueryKeys gives: ${check.errors}`)
}
console.log(`tsc ${tscVersion()}, Node ${process.version}, median of ${runs} runs, round-robin`)
console.log(header())
const dirs = apps.map(([name, files, entry]) => write(name, files, entry))
measureRoundRobin(dirs, runs).forEach((figures, app) => console.log(row(apps[app]![0], figures)))
