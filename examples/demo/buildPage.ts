// The demo page as an app ships it: a production build (React's production bundle, minified, the
// package's development-only checks removed) written to `DEMO_BUILD_DIR` or a temporary folder, and
// served as static files.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { build } from 'vite'
import { aliases } from '../../vite.config'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
}

export async function buildPage() {
  // Whatever NODE_ENV the server was started with (a test runner sets `test`), this is a production
  // server: Vite and the React plugin read it to pick production JSX and bundles.
  process.env.NODE_ENV = 'production'
  const given = process.env.DEMO_BUILD_DIR
  const outDir = given ? resolve(given) : mkdtempSync(join(tmpdir(), 'rqt-demo-'))
  await build({
    configFile: false,
    root: fileURLToPath(new URL('.', import.meta.url)),
    mode: 'production',
    plugins: [react()],
    resolve: { alias: aliases },
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  })

  // A built file inside `outDir`, or undefined (also for a malformed path or one leading outside).
  const fileFor = (url: string | undefined): string | undefined => {
    try {
      const file = normalize(join(outDir, decodeURIComponent((url ?? '/').split('?')[0]!)))
      return file.startsWith(outDir + sep) && statSync(file).isFile() ? file : undefined
    } catch {
      return undefined
    }
  }

  return {
    handle: (req: IncomingMessage, res: ServerResponse) => {
      // Any path that is not a built file is the page itself (a single-page app).
      const file = fileFor(req.url) ?? join(outDir, 'index.html')
      const immutable = file.startsWith(join(outDir, 'assets') + sep)
      res.writeHead(200, {
        'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      })
      res.end(readFileSync(file))
    },
    close: async () => {
      if (!given) rmSync(outDir, { recursive: true, force: true })
    },
  }
}
