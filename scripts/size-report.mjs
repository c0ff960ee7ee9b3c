// Prints every size budget with its measured size and never fails: CI shows the table, `npm run size`
// is the check that fails on a budget exceeded.
import { execFileSync } from 'node:child_process'

let output
try {
  output = execFileSync('npx', ['size-limit', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
} catch (error) {
  output = error.stdout
}
const results = JSON.parse(output)
const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`
console.log('| entry | min+gz | budget | |')
console.log('|---|---|---|---|')
for (const { name, size, sizeLimit, passed } of results) {
  console.log(`| ${name} | ${kB(size)} | ${sizeLimit ? kB(sizeLimit) : '—'} | ${sizeLimit ? (passed ? 'within' : 'over') : 'comparison'} |`)
}
