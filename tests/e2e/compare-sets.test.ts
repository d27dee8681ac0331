import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { knownChanges, type KnownChanges } from '../main/services/evaluation/known-changes'
import { insertPredictionSet, knownErrors, type KnownErrors } from '../main/services/evaluation/known-errors'
import { readTuning } from '../main/services/evaluation/noisy-scores'
import { tempDir } from '../helpers/temp-dir'
import { startDemoSession, type DemoSession } from './helpers/demo-session'

/** F2 of a class with precision 1 and this recall. */
const f2OfRecall = (recall: number) => (5 * recall) / (4 + recall)

/**
 * The Errors tab's Compare in Chromium: "before" (the known mistakes: Person missed on two images) against
 * "after" (Person right everywhere, another class dropped on two images, one image scored by each only).
 */
describe('compare-sets: the Errors tab compares two prediction sets class by class', () => {
  const home = tempDir('oiw-compare-sets-')
  const truth = readTuning()
  let session: DemoSession
  let known: KnownErrors
  let changes: KnownChanges

  beforeAll(async () => {
    session = await startDemoSession(home.dir)
    await session.page.setViewportSize({ width: 1440, height: 900 })
    known = knownErrors(truth)
    changes = knownChanges(truth, known)
    const db = new Database(join(home.dir, 'demo-workspace', 'catalog.sqlite'))
    try {
      insertPredictionSet(db, 'before', known.rows)
      insertPredictionSet(db, 'after', changes.rows)
    } finally {
      db.close()
    }
  })
  afterAll(async () => {
    await session?.close()
    home.remove()
  })

  it('picks two sets and shows both mean F2s, the classes that got better and worse, and the per-class changes', async () => {
    const page = session.page
    await page.goto(`${session.app.pageUrl}&page=errors`)
    const choose = async (picker: string, name: string) => {
      await page.getByTestId(picker).locator('[role="combobox"]').click()
      await page.locator(`li[role="option"][data-value="${name}"]`).click()
    }
    await choose('set-picker', 'before')
    await page.getByTestId('analysis-summary').waitFor({ timeout: 30_000 })
    await choose('compare-picker', 'after')

    const summary = page.getByTestId('compare-summary')
    await summary.waitFor({ timeout: 30_000 })
    const droppedF2 = changes.dropped.map((id) => f2OfRecall((truth.get(id)!.length - 1) / truth.get(id)!.length))
    const [meanA, meanB] = [(997 + known.secondF2) / 999, (997 + droppedF2[0]! + droppedF2[1]!) / 999]
    expect(await page.getByTestId('compare-f2').innerText()).toBe(`F2 ${meanA.toFixed(3)} → ${meanB.toFixed(3)} (+${(meanB - meanA).toFixed(3)}) with the fitted thresholds`)
    expect(await page.getByTestId('compare-cv-f2').innerText()).toMatch(/^Cross-validated \(5 folds\) F2 [01]\.\d{3} → [01]\.\d{3} \([+−]?0\.\d{3}\)$/)
    expect(await page.getByTestId('compare-classes').innerText()).toMatch(/^B is better on 1 class, worse on 1, the same on \d+/)
    expect(await page.getByTestId('compare-images').innerText()).toMatch(/998 tuning images scored by both; 1 only by before, 1 only by after/)

    // worst change first: the class "after" dropped; then, flipped, Person, which "after" got right
    const rows = page.getByTestId('compare-row')
    expect(await rows.first().getAttribute('data-code')).toBe(changes.worse)
    expect(Number(await rows.first().getAttribute('data-f2-change'))).toBeLessThan(0)
    await page.getByTestId('compare-sort-f2-change').click()
    await expect.poll(() => rows.first().getAttribute('data-code'), { timeout: 10_000 }).toBe(changes.better)
    const person = rows.first()
    const supportA = [...truth].filter(([id, labels]) => id !== changes.onlyB && labels.includes(changes.better)).length
    const f2A = f2OfRecall((supportA - 2) / supportA)
    expect(await person.locator('[data-column="f2-a"]').innerText()).toBe(f2A.toFixed(3))
    expect(await person.locator('[data-column="f2-b"]').innerText()).toBe('1.000')
    expect(await person.locator('[data-column="f2-change"]').innerText()).toBe(`+${(1 - f2A).toFixed(3)}`)
    expect(await person.locator('[data-column="recall-a"]').innerText()).toBe(((supportA - 2) / supportA).toFixed(3))
    expect(await person.innerText()).toMatch(/^Person\s/)
  })
})
