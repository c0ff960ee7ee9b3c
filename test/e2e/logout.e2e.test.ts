// Sensitive data and logout in a real browser: the payslip is shown but never written to IndexedDB, and
// logging out empties the user's records and signs every tab out.
import { describe, expect, it } from 'vitest'
import { openDemo, readPersistedRecords, waitForList } from './helpers/demoPage'
import { useDemoSuite } from './helpers/demoSuite'

const suite = useDemoSuite()

const iban = 'DE89 3704 0044 0532 0130 00'
const namespacePrefix = '3:ada:'

describe('sensitive data and logout in Chromium', () => {
  it('shows the sensitive payslip but never writes it to IndexedDB', async () => {
    const context = await suite.browser.newContext()
    const page = await openDemo(context, suite.server.url)
    await page.getByTestId('payslip').waitFor()
    expect(await page.getByTestId('payslip').textContent()).toContain(iban)
    // Wait until the persisted tiers are on disk, so the payslip had every chance to be written too.
    await expect
      .poll(async () =>
        (await readPersistedRecords(page))
          .map((record) => record.key)
          // Query records only: the snapshot's change marks (`\u0001<hash>`) share the namespace.
          .filter((key) => key.startsWith(`${namespacePrefix}[`))
          .sort(),
      )
      .toEqual([`${namespacePrefix}["organizations","all"]`, `${namespacePrefix}["projects","list","o1"]`])

    const records = await readPersistedRecords(page)
    expect(records.filter((record) => record.key.includes('payroll') || record.value.includes('payroll'))).toEqual([])
    expect(records.filter((record) => record.value.includes(iban))).toEqual([])
  })

  it('empties the namespace on logout and signs the other tabs out', async () => {
    const context = await suite.browser.newContext()
    const tabs = [await openDemo(context, suite.server.url), await openDemo(context, suite.server.url)]
    const names = (await suite.api.projects('o1')).map((project) => project.name)
    await Promise.all(tabs.map((page) => waitForList(page, names)))
    await Promise.all(tabs.map((page) => page.getByTestId('payslip').waitFor()))
    await expect.poll(async () => (await readPersistedRecords(tabs[0]!)).length).toBeGreaterThan(0)

    await tabs[0]!.getByRole('button', { name: 'Log out' }).click()

    await Promise.all(tabs.map((page) => page.getByTestId('signed-out').waitFor()))
    for (const page of tabs) {
      const text = (await page.textContent('body')) ?? ''
      expect(text).not.toContain(iban)
      for (const name of names) expect(text).not.toContain(name)
      expect(await page.getByTestId('project-list').count()).toBe(0)
    }
    await expect
      .poll(async () =>
        (await readPersistedRecords(tabs[1]!)).filter((record) => record.key.startsWith(namespacePrefix)),
      )
      .toEqual([])
    // Still empty once both tabs have settled: no tab wrote its queries back after the clear.
    await Promise.all(tabs.map((page) => page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)))))
    expect(await readPersistedRecords(tabs[0]!)).toEqual([])
    expect(suite.browser.pageErrors()).toEqual([])
  })
})
