// The demo's cache in a real browser: misses then hits in the inspector, and lists restored from
// IndexedDB before a slow API answers.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openDemo, readPersistedRecords, waitForList } from './helpers/demoPage'
import { useDemoSuite } from './helpers/demoSuite'

const suite = useDemoSuite()

interface Lookups {
  hits: number
  staleHits: number
  misses: number
}

/** The inspector's "Lookups by scope" row for `scope` (zeros before its first lookup). */
async function scopeLookups(page: Page, scope: string): Promise<Lookups> {
  return page.evaluate((name) => {
    // The inspector renders inside its host's shadow root.
    const roots = [...document.querySelectorAll('aside')].flatMap((host) => (host.shadowRoot ? [host.shadowRoot] : []))
    const rows = roots.flatMap((root) => [...root.querySelectorAll('table[aria-label="Lookups by scope"] tbody tr')])
    for (const row of rows) {
      if (row.querySelector('th')?.textContent !== name) continue
      const [hits, staleHits, misses] = [...row.querySelectorAll('td')].map((cell) => Number(cell.textContent))
      return { hits: hits ?? 0, staleHits: staleHits ?? 0, misses: misses ?? 0 }
    }
    return { hits: 0, staleHits: 0, misses: 0 }
  }, scope)
}

const projectNames = async (orgId: string) => (await suite.api.projects(orgId)).map((project) => project.name)

describe('the demo cache in Chromium', () => {
  it('counts misses on a first visit and a hit when navigating back to a cached list', async () => {
    const context = await suite.browser.newContext()
    const page = await openDemo(context, suite.server.url)
    await waitForList(page, await projectNames('o1'))
    await expect.poll(() => scopeLookups(page, 'projects')).toMatchObject({ hits: 0, misses: 1 })

    const fetchedLists: Array<string> = []
    page.on('request', (request) => {
      if (/\/api\/organizations\/o\d\/projects$/.test(request.url())) fetchedLists.push(new URL(request.url()).pathname)
    })
    await page.getByLabel('Organization').selectOption('o2')
    await waitForList(page, await projectNames('o2'))
    await page.getByLabel('Organization').selectOption('o1')
    await waitForList(page, await projectNames('o1'))

    await expect.poll(() => scopeLookups(page, 'projects')).toMatchObject({ hits: 1, misses: 2 })
    expect(fetchedLists).toEqual(['/api/organizations/o2/projects'])
    expect(suite.browser.pageErrors()).toEqual([])
  })

  it('renders the lists from IndexedDB after a reload, before the delayed API has answered', async () => {
    const context = await suite.browser.newContext()
    const page = await openDemo(context, suite.server.url)
    const names = await projectNames('o1')
    await waitForList(page, names)
    await expect
      .poll(async () => (await readPersistedRecords(page)).map((record) => record.key))
      .toContain('3:ada:["projects","list","o1"]')

    await suite.api.control({ delayMs: 3000 })
    const sent: Array<string> = []
    const answered: Array<string> = []
    const isApi = (url: string) => /\/api\/(?!stream|hub|control)/.test(new URL(url).pathname)
    page.on('request', (request) => {
      if (isApi(request.url())) sent.push(new URL(request.url()).pathname)
    })
    page.on('response', (response) => {
      if (isApi(response.url())) answered.push(new URL(response.url()).pathname)
    })

    await page.reload({ waitUntil: 'commit' })
    await waitForList(page, names, 2_500)
    // The ordering itself: the list is on screen while the API has sent nothing back yet.
    expect(answered).toEqual([])
    await expect(page.getByTestId('restore').textContent()).resolves.toMatch(/^restored \d+ in/)

    // The sensitive payslip is not persisted: it waits for the slow API, which does answer later.
    await expect.poll(() => sent).toContain('/api/me/payslip')
    expect(await page.getByTestId('payslip').count()).toBe(0)
    await page.getByTestId('payslip').waitFor({ timeout: 10_000 })
    expect(answered).toContain('/api/me/payslip')
  })
})
