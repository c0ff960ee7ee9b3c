// Driving the demo: its page (lists, stream badge, IndexedDB read raw from the page) and its HTTP API,
// called from Node as another client or a back office would.
import type { BrowserContext, Page } from 'playwright-core'
import type { RequestStats } from '../../../examples/demo/api/requestStats'

export interface ProjectRecord {
  id: string
  orgId: string
  name: string
}

export interface HubStats {
  connections: number
  published: number
  delivered: number
  dropped: number
}

const listItems = '[data-testid="project-list"] li'

/** Opens the demo in a new page of `context` and waits until the projects list shows. */
export async function openDemo(context: BrowserContext, baseUrl: string, search = ''): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${baseUrl}/${search}`)
  await page.waitForSelector(listItems)
  return page
}

export async function streamStatus(
  page: Page,
): Promise<{ state: string; role: string; text: string; lastEventId: string }> {
  return page.getByTestId('stream-status').evaluate((element: HTMLElement) => ({
    state: element.dataset.state ?? '',
    role: element.dataset.role ?? '',
    text: element.textContent ?? '',
    lastEventId: element.dataset.lastEventId ?? '',
  }))
}

/** Waits until the page's stream badge shows `state`. */
export async function waitForStreamState(page: Page, state: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (expected) => document.querySelector<HTMLElement>('[data-testid="stream-status"]')?.dataset.state === expected,
    state,
    { timeout },
  )
}

export async function listNames(page: Page): Promise<Array<string>> {
  return page.locator(listItems).allTextContents()
}

/** Waits until the projects list shows exactly `names` (in any order). */
export async function waitForList(page: Page, names: ReadonlyArray<string>, timeout = 30_000): Promise<void> {
  try {
    await page.waitForFunction(
      (expected) => {
        const shown = [...document.querySelectorAll('[data-testid="project-list"] li')].map(
          (li) => li.textContent ?? '',
        )
        return shown.length === expected.length && expected.every((name) => shown.includes(name))
      },
      [...names],
      { timeout },
    )
  } catch (error) {
    const shown: Array<string> = await listNames(page).catch(() => [])
    const status = await streamStatus(page).catch(() => undefined)
    const missing = names.filter((name) => !shown.includes(name))
    const extra = shown.filter((name) => !names.includes(name))
    throw new Error(
      `the projects list did not become the expected one: missing ${JSON.stringify(missing)}, extra ${JSON.stringify(extra)}, ` +
        `stream ${JSON.stringify(status)}`,
      { cause: error },
    )
  }
}

/** Waits until the page's text includes every one of `texts`. */
export async function waitForText(page: Page, texts: ReadonlyArray<string>, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (expected) => expected.every((text) => document.body.textContent?.includes(text)),
    [...texts],
    { timeout },
  )
}

/**
 * Every record of the toolkit's IndexedDB database, read with the raw IndexedDB API from the page. A
 * database the app has not created yet reads as empty (and is not created by this read).
 */
export async function readPersistedRecords(page: Page): Promise<Array<{ key: string; value: string }>> {
  return page.evaluate(
    () =>
      new Promise<Array<{ key: string; value: string }>>((resolve, reject) => {
        const request = indexedDB.open('react-query-toolkit')
        request.onupgradeneeded = () => request.transaction?.abort()
        request.onerror = () => (request.error?.name === 'AbortError' ? resolve([]) : reject(request.error))
        request.onsuccess = () => {
          const db = request.result
          if (!db.objectStoreNames.contains('queries')) {
            db.close()
            return resolve([])
          }
          const transaction = db.transaction('queries', 'readonly')
          const keys = transaction.objectStore('queries').getAllKeys()
          const values = transaction.objectStore('queries').getAll()
          transaction.oncomplete = () => {
            db.close()
            resolve(
              keys.result.map((key, index) => {
                const value: unknown = values.result[index]
                return { key: String(key), value: typeof value === 'string' ? value : JSON.stringify(value) }
              }),
            )
          }
          transaction.onerror = () => reject(transaction.error)
        }
      }),
  )
}

/** The demo's HTTP API at `baseUrl`. */
export function demoApi(baseUrl: string) {
  const call = async <T>(path: string, init?: { method: string; body: unknown }): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: init?.method ?? 'GET',
      headers: { 'Content-Type': 'application/json' },
      body: init && JSON.stringify(init.body),
    })
    if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${path} answered ${response.status}`)
    return (await response.json()) as T
  }
  return {
    projects: (orgId: string) => call<Array<ProjectRecord>>(`/api/organizations/${orgId}/projects`),
    createProject: (orgId: string, name: string) =>
      call<ProjectRecord>('/api/projects', { method: 'POST', body: { orgId, name } }),
    renameProject: (id: string, name: string) =>
      call<ProjectRecord>(`/api/projects/${id}`, { method: 'PATCH', body: { name } }),
    addTimeEntry: (projectId: string, minutes: number, note: string) =>
      call(`/api/projects/${projectId}/time-entries`, { method: 'POST', body: { minutes, note } }),
    control: (control: { delayMs?: number; failWrites?: number; refuseWrites?: number }) =>
      call('/api/control', { method: 'POST', body: control }),
    hubStats: () => call<HubStats>('/api/hub/stats'),
    /** The API's request counts and write log (`examples/demo/api/requestStats.ts`). */
    stats: () => call<RequestStats>('/api/stats'),
    /** Connections open on the test-only raw stream. */
    rawStreamConnections: async () => (await call<{ connections: number }>('/api/e2e/raw')).connections,
    /** Writes `text` verbatim to every open raw stream; resolves with how many received it. */
    pushRaw: async (text: string) => {
      const response = await fetch(`${baseUrl}/api/e2e/raw`, { method: 'POST', body: text })
      return ((await response.json()) as { written: number }).written
    },
  }
}

export type DemoApi = ReturnType<typeof demoApi>

/** A name no earlier run or test has used. */
export const uniqueName = (label: string) =>
  `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
