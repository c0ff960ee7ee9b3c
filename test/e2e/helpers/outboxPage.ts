// Driving the demo's outbox: the offline switch, the pending badge, the failed writes, and every record
// of every IndexedDB database of the page (the outbox keeps its records beside the persisted queries).
import type { Page } from 'playwright-core'

/** Turns the demo's "offline" switch on or off (it holds in every tab of the context) and waits until it shows. */
export async function setDemoOffline(page: Page, offline: boolean): Promise<void> {
  const box = page.getByTestId('offline-switch').locator('input')
  if (offline) await box.check()
  else await box.uncheck()
}

export async function waitForDemoOffline(page: Page, offline: boolean, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (expected) =>
      document.querySelector<HTMLInputElement>('[data-testid="offline-switch"] input')?.checked === expected,
    offline,
    { timeout },
  )
}

/** Waits until the page's badge counts `count` pending writes. */
export async function waitForPending(page: Page, count: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (expected) => document.querySelector<HTMLElement>('[data-testid="outbox-pending"]')?.dataset.count === expected,
    String(count),
    { timeout },
  )
}

/** The failed writes the page lists, as their text. */
export async function failedWrites(page: Page): Promise<Array<string>> {
  return page.locator('[data-testid="outbox-failed"] li').allTextContents()
}

/** Every record of every IndexedDB database of the page's origin, as text (keys and values). */
export async function readAllIndexedDB(page: Page): Promise<Array<{ db: string; store: string; text: string }>> {
  return page.evaluate(async () => {
    const records: Array<{ db: string; store: string; text: string }> = []
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name!)
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error)
      })
      for (const store of [...db.objectStoreNames]) {
        const transaction = db.transaction(store, 'readonly')
        const keys = transaction.objectStore(store).getAllKeys()
        const values = transaction.objectStore(store).getAll()
        await new Promise<void>((resolve, reject) => {
          transaction.oncomplete = () => resolve()
          transaction.onerror = () => reject(transaction.error)
        })
        keys.result.forEach((key, index) => {
          const value: unknown = values.result[index]
          records.push({
            db: info.name!,
            store,
            text: `${String(key)} ${typeof value === 'string' ? value : JSON.stringify(value)}`,
          })
        })
      }
      db.close()
    }
    return records
  })
}
