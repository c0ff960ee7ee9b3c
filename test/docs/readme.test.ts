// @vitest-environment node
// The README is the manual: it cannot silently fall behind the package. Every export of every entry (runtime
// and type-only) is named in an API table, every relative link and anchor leads somewhere, every page under
// docs/ is reachable from the README, and the README opens with the two commands that run the demo and the tests.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as core from '../../src'
import * as devtools from '../../src/devtools'
import * as live from '../../src/live'
import * as metrics from '../../src/metrics'
import * as persist from '../../src/persist'
import * as server from '../../src/server'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const read = (path: string) => readFileSync(resolve(root, path), 'utf8')
const readme = read('README.md')
const docPages = readdirSync(resolve(root, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`)

const entries = [
  { name: 'react-query-toolkit', index: 'src/index.ts', module: core },
  { name: 'react-query-toolkit/metrics', index: 'src/metrics/index.ts', module: metrics },
  { name: 'react-query-toolkit/persist', index: 'src/persist/index.ts', module: persist },
  { name: 'react-query-toolkit/live', index: 'src/live/index.ts', module: live },
  { name: 'react-query-toolkit/server', index: 'src/server/index.ts', module: server },
  { name: 'react-query-toolkit/devtools', index: 'src/devtools/index.ts', module: devtools },
]

/** Markdown lines with fenced code blocks blanked out, so `# HELP` in a code sample is not a heading. */
function proseLines(markdown: string): Array<string> {
  let fence: string | undefined
  return markdown.split('\n').map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence === undefined && marker) {
      fence = marker[0]!.repeat(marker.length)
      return ''
    }
    if (fence !== undefined) {
      if (marker && marker.startsWith(fence)) fence = undefined
      return ''
    }
    return line
  })
}

/** The names listed in `export type { … }` statements (which `Object.keys` of the module cannot see). */
function typeOnlyExports(source: string): Array<string> {
  const names: Array<string> = []
  for (const match of source.matchAll(/export\s+type\s*\{([^}]*)\}/g)) {
    for (const part of match[1]!.split(',')) {
      // `A as B` exports B.
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()
      if (name) names.push(name)
    }
  }
  return names
}

/** The code spans of every table row inside a section whose heading says "API" (and its subsections). */
function apiTableCode(markdown: string): Array<string> {
  const spans: Array<string> = []
  let apiLevel: number | undefined
  for (const line of proseLines(markdown)) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line)
    if (heading) {
      const level = heading[1]!.length
      if (apiLevel !== undefined && level <= apiLevel) apiLevel = undefined
      if (apiLevel === undefined && /\bAPI\b/.test(heading[2]!)) apiLevel = level
      continue
    }
    if (apiLevel !== undefined && line.trimStart().startsWith('|')) {
      for (const span of line.matchAll(/`+([^`]+)`+/g)) spans.push(span[1]!)
    }
  }
  return spans
}

function isNamedIn(spans: ReadonlyArray<string>, name: string): boolean {
  const word = new RegExp(`(^|[^A-Za-z0-9_$])${name.replace(/\$/g, '\\$')}($|[^A-Za-z0-9_$])`)
  return spans.some((span) => word.test(span))
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const result = new Set<string>()
  for (const line of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (!heading) continue
    const base = heading[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-')
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    result.add(count === 0 ? base : `${base}-${count}`)
  }
  return result
}

/** Relative link targets of a page (inline links, outside code), as written. */
function relativeLinks(markdown: string): Array<string> {
  const targets: Array<string> = []
  for (const line of proseLines(markdown)) {
    const prose = line.replace(/`[^`]*`/g, '')
    for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = match[1]!
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue // http:, https:, mailto:
      targets.push(target)
    }
  }
  return targets
}

/** Every relative link of `page` that does not lead to an existing file (and heading, when it names one). */
function brokenLinks(page: string): Array<string> {
  const broken: Array<string> = []
  for (const target of relativeLinks(read(page))) {
    const [path, anchor] = target.split('#') as [string, string | undefined]
    const file = path === '' ? page : resolve(dirname(resolve(root, page)), decodeURIComponent(path))
    const absolute = resolve(root, file)
    if (!existsSync(absolute)) {
      broken.push(target)
      continue
    }
    if (anchor !== undefined && absolute.endsWith('.md') && !anchors(readFileSync(absolute, 'utf8')).has(anchor)) {
      broken.push(target)
    }
  }
  return broken
}

describe('README.md', () => {
  it('starts with the command that runs the demo and the command that runs the tests', () => {
    const firstBlock = /^# [^\n]+\n+```sh\n([\s\S]*?)\n```/.exec(readme)
    expect(firstBlock, 'the README opens with a sh code block right under its title').not.toBeNull()
    const commands = firstBlock![1]!.split('\n').map((line) => line.replace(/#.*$/, '').trim())
    expect(commands).toEqual(['npm install && npm start', 'npm test'])
  })

  it('gives the install line for users of the package', () => {
    const lines = readme.split('\n')
    expect(lines).toContain('npm install react-query-toolkit @tanstack/react-query')
  })

  it.each(entries)('names every export of $name in an API table', ({ index, module }) => {
    const spans = apiTableCode(readme)
    const exported = [...Object.keys(module), ...typeOnlyExports(read(index))]
    expect(exported.length).toBeGreaterThan(0)
    expect(exported.filter((name) => !isNamedIn(spans, name))).toEqual([])
  })

  it('has relative links and anchors that all lead somewhere', () => {
    expect(brokenLinks('README.md')).toEqual([])
  })

  it('has a table of contents whose entries are its own headings', () => {
    const contents = /## Contents\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? ''
    const targets = [...contents.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]!)
    expect(targets.length).toBeGreaterThan(10)
    const own = anchors(readme)
    expect(targets.filter((target) => !own.has(target))).toEqual([])
  })

  it('holds no drafting or history notes', () => {
    const notes = /\bissue \d+\b|this session|in this (version|release)|\bTODO\b|\bFIXME\b|\(before,|\bchanged in /i
    expect(proseLines(readme).filter((line) => notes.test(line))).toEqual([])
  })

  it('keeps the sections users look for', () => {
    const headings = proseLines(readme).filter((line) => line.startsWith('## '))
    for (const title of [
      'Five-minute setup',
      'Keys',
      'Tiers',
      'Queries and hooks',
      'Mutations',
      'Invalidation',
      'Errors',
      'Development',
      'Choices made where the design is silent',
      'Differences from TanStack',
    ]) {
      expect(headings).toContain(`## ${title}`)
    }
  })
})

describe('docs/', () => {
  it.each(docPages)('%s is linked from the README', (page) => {
    const linked = relativeLinks(readme).map((target) => target.split('#')[0])
    expect(linked).toContain(page)
  })

  it.each(docPages)('%s has relative links and anchors that all lead somewhere', (page) => {
    expect(brokenLinks(page)).toEqual([])
  })
})

describe('the checks themselves', () => {
  it('see a type-only export, renamed or not', () => {
    expect(typeOnlyExports('export type { A, B as C } from "./x"\nexport type {\n  D,\n} from "./y"')).toEqual([
      'A',
      'C',
      'D',
    ])
  })

  it('find a name only as a whole word inside a code span of an API table', () => {
    const markdown =
      '## API: x\n\n| a | b |\n|---|---|\n| `TierName`, `resolveTier(tier)` | x |\n\n## Other\n\n| `Tier` |'
    const spans = apiTableCode(markdown)
    expect(isNamedIn(spans, 'TierName')).toBe(true)
    expect(isNamedIn(spans, 'resolveTier')).toBe(true)
    expect(isNamedIn(spans, 'Tier')).toBe(false)
  })

  it('take relative links from prose only, not from code or absolute URLs', () => {
    const markdown = '[a](docs/a.md#x) `[b](b.md)` [c](https://example.com) [d](#top)\n```\n[e](e.md)\n```'
    expect(relativeLinks(markdown)).toEqual(['docs/a.md#x', '#top'])
  })

  it('ignore headings inside code blocks and number repeated anchors as GitHub does', () => {
    const markdown = '# Title\n```text\n# HELP x\n```\n## Options (`a/b`)\n## Options (`a/b`)'
    expect([...anchors(markdown)]).toEqual(['title', 'options-ab', 'options-ab-1'])
  })
})
