// tsc keeps the extensionless relative imports of the sources in the emitted .d.ts files; Node's
// ESM resolution (node16/nodenext) needs explicit `.js` paths, so this rewrites them after the build.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

const root = resolve('dist')

function* declarationFiles(directory) {
  for (const name of readdirSync(directory)) {
    const path = join(directory, name)
    if (statSync(path).isDirectory()) yield* declarationFiles(path)
    else if (name.endsWith('.d.ts')) yield path
  }
}

const specifier = /(from\s+|import\()(['"])(\.{1,2}\/[^'"]*)\2/g

for (const file of declarationFiles(root)) {
  const source = readFileSync(file, 'utf8')
  const rewritten = source.replace(specifier, (match, lead, quote, path) => {
    if (/\.(js|mjs|cjs|json)$/.test(path)) return match
    const target = resolve(dirname(file), path)
    const withIndex = existsSync(`${target}/index.d.ts`)
    return `${lead}${quote}${path}${withIndex ? '/index.js' : '.js'}${quote}`
  })
  if (rewritten !== source) writeFileSync(file, rewritten)
}
