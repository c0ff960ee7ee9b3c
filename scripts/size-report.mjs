// Prints every size budget with its measured size and never fails: CI shows the table, `npm run size`
// is the check that fails on a budget exceeded. The typical-use rows are also given as a ratio of the
// stitched set (the packages a team would otherwise assemble), measured by the same size-limit run.
import { execFileSync } from 'node:child_process'
import { STITCHED } from '../.size-limit.js'

let output
try {
  output = execFileSync('npx', ['size-limit', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
} catch (error) {
  output = error.stdout
}
let results
try {
  results = JSON.parse(output)
} catch {
  // size-limit could not measure at all (a missing build, a broken entry): that is a failure, not a table.
  console.error(`size-limit printed no JSON table:\n${output ?? ''}`)
  process.exit(1)
}
const stitched = results.find((result) => result.name === STITCHED)
if (!stitched) throw new Error(`size-limit printed no row named "${STITCHED}"`)

const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`
const ratio = (name, size) => (name.startsWith('typical use') ? `${(size / stitched.size).toFixed(2)}×` : '')
const verdict = (sizeLimit, passed) => (sizeLimit ? (passed ? 'within' : 'over') : 'comparison')

console.log('| entry | min+gz | budget | | of stitched set |')
console.log('|---|---|---|---|---|')
for (const { name, size, sizeLimit, passed } of results) {
  const budget = sizeLimit ? kB(sizeLimit) : '—'
  console.log(`| ${name} | ${kB(size)} | ${budget} | ${verdict(sizeLimit, passed)} | ${ratio(name, size)} |`)
}
