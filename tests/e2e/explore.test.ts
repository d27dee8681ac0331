import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'
import { startDemoSession, type DemoSession } from './helpers/demo-session'
import { startHeadlessApp } from './helpers/headless-app'

/** Lines of a small CSV file without quoting (the demo's label files), split on commas. */
function csvLines(file: string, header = true): string[][] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(header ? 1 : 0)
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(','))
}

interface CsvCounts {
  positive: Map<string, Set<string>>
  negative: Map<string, Set<string>>
  boxes: Map<string, number>
  /** Every class any training label file names. */
  trained: Set<string>
  tuning: Set<string>
}

function countDemoCsvs(dataset: string): CsvCounts {
  const counts: CsvCounts = { positive: new Map(), negative: new Map(), boxes: new Map(), trained: new Set(), tuning: new Set() }
  const add = (map: Map<string, Set<string>>, code: string, id: string) => map.set(code, (map.get(code) ?? new Set()).add(id))
  for (const [id, , code, confidence] of csvLines(join(dataset, 'train_human_labels.csv'))) {
    counts.trained.add(code!)
    if (confidence === '1') add(counts.positive, code!, id!)
    else if (confidence === '0') add(counts.negative, code!, id!)
  }
  for (const [, , code] of csvLines(join(dataset, 'train_bounding_boxes.csv'))) {
    counts.trained.add(code!)
    counts.boxes.set(code!, (counts.boxes.get(code!) ?? 0) + 1)
  }
  for (const [, , code] of csvLines(join(dataset, 'train_machine_labels.csv'))) counts.trained.add(code!)
  for (const [, codes] of csvLines(join(dataset, 'tuning_labels.csv'), false)) for (const code of codes!.split(' ')) if (code) counts.tuning.add(code)
  return counts
}

/** The explore page over the demo workspace: table counts against the CSV files, the charts, shift and export. */
describe('the explore page in Chromium, on the demo workspace', () => {
  const home = tempDir('oiw-home-')
  let session: DemoSession
  let page: Page
  let csv: CsvCounts

  const cell = (p: Page, code: string, column: string) =>
    p.locator(`[data-testid="class-row"][data-class-code="${code}"] [data-col="${column}"]`).getAttribute('data-value').then(Number)

  beforeAll(async () => {
    session = await startDemoSession(home.dir)
    page = session.page
    await page.setViewportSize({ width: 1440, height: 900 })
    csv = countDemoCsvs(join(home.dir, 'demo-workspace', 'dataset'))
  })
  afterAll(async () => {
    await session?.close()
    home.remove()
  })

  it('counts images per class and source as the CSV files do', async () => {
    await page.goto(`${session.app.pageUrl}&page=explore`)
    await page.getByTestId('explore-page').waitFor()
    await expect.poll(() => page.getByTestId('class-table').getAttribute('data-total'), { timeout: 20_000 }).not.toBeNull()
    const boxableList = csvLines(join(home.dir, 'demo-workspace', 'dataset', 'class-descriptions-boxable.csv'), false).length
    expect(await page.getByTestId('boxable-source').textContent()).toBe(`boxable classes: ${boxableList} from class-descriptions-boxable.csv`)

    const byPositives = [...csv.positive].sort((a, b) => b[1].size - a[1].size)
    const withNegatives = [...csv.negative].sort((a, b) => b[1].size - a[1].size)[0]![0]
    const byBoxes = [...csv.boxes].sort((a, b) => b[1] - a[1])
    const picked = [...new Set([byPositives[0]![0], withNegatives, byBoxes[0]![0], byPositives[5]![0]])].slice(0, 3)
    expect(picked).toHaveLength(3)

    const search = page.getByTestId('class-search').locator('input')
    for (const code of picked) {
      await search.fill(code)
      await page.locator(`[data-testid="class-row"][data-class-code="${code}"]`).waitFor({ timeout: 10_000 })
      expect(await cell(page, code, 'humanPositive'), `${code} human positive`).toBe(csv.positive.get(code)?.size ?? 0)
      expect(await cell(page, code, 'humanNegative'), `${code} human negative`).toBe(csv.negative.get(code)?.size ?? 0)
      expect(await cell(page, code, 'boxes'), `${code} boxes`).toBe(csv.boxes.get(code) ?? 0)
    }
    await search.fill('')
  })

  it('draws the long tail on canvas, a point per class with images, and exports its data as CSV', async () => {
    const chart = page.getByTestId('long-tail-chart')
    const classesWithPositives = [...csv.positive.values()].filter((ids) => ids.size > 0).length
    await expect.poll(() => chart.getAttribute('data-points-human'), { timeout: 20_000 }).toBe(String(classesWithPositives))
    expect(await chart.getAttribute('data-points-boxes')).toBe(String(csv.boxes.size))

    const drawn = await chart.locator('canvas').first().evaluate((canvas: HTMLCanvasElement) => {
      const context = canvas.getContext('2d')!
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height)
      const colours = new Set<number>()
      for (let i = 0; i < data.length; i += 4 * 7) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!)
      return { width: canvas.width, height: canvas.height, colours: colours.size }
    })
    expect(drawn.width).toBeGreaterThan(100)
    expect(drawn.height).toBeGreaterThan(100)
    expect(drawn.colours).toBeGreaterThan(5)

    const [download] = await Promise.all([page.waitForEvent('download'), chart.getByTestId('export-csv').click()])
    expect(download.suggestedFilename()).toBe('long-tail.csv')
    const lines = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/)
    expect(lines[0]).toBe('source,rank,code,name,count')
    const rows = lines.slice(1).map((line) => line.split(','))
    expect(rows).toHaveLength(Number(await chart.getAttribute('data-points')))
    const human = rows.filter(([source]) => source === 'human')
    expect(human).toHaveLength(classesWithPositives)
    for (const [, rank, code, , count] of human) {
      expect(Number(count), `${code} at rank ${rank}`).toBe(csv.positive.get(code!)!.size)
    }
  })

  it('lists a class of the tuning set that training never uses as absent from training', async () => {
    const described = new Set(csvLines(join(home.dir, 'demo-workspace', 'dataset', 'class-descriptions.csv'), false).map(([code]) => code!))
    const absent = [...csv.tuning].filter((code) => !csv.trained.has(code) && described.has(code)).sort()
    expect(absent.length).toBeGreaterThan(0)
    await page.getByTestId('explore-tab-shift').click()
    const list = page.getByTestId('shift-absent-in-train')
    await list.locator(`[data-class-code="${absent[0]}"]`).waitFor({ timeout: 20_000 })
    // Training here is every label file; the server may count only positive labels, so it can list more.
    expect(Number(await list.getAttribute('data-count'))).toBeGreaterThanOrEqual(absent.length)
  })

  it('opens the browse view filtered to a class from its row', async () => {
    const code = [...csv.positive].sort((a, b) => b[1].size - a[1].size)[0]![0]
    await page.getByTestId('class-search').locator('input').fill(code)
    const row = page.locator(`[data-testid="class-row"][data-class-code="${code}"]`)
    await row.getByTestId('class-name-link').click()
    await page.getByTestId('image-grid').waitFor()
    const url = new URL(page.url())
    expect(url.searchParams.get('class')).toBe(code)
    expect(url.searchParams.get('page')).toBeNull()
    expect(url.searchParams.get('token')).toBe(session.app.token)
    await page.goBack()
    await page.getByTestId('explore-page').waitFor()
  })

  it('names the boxable set’s source and says the hierarchy is absent on the challenge’s own files (neither list)', async () => {
    const dataset = join(home.dir, 'demo-workspace', 'dataset')
    const workspace = join(home.dir, 'challenge-ws')
    const files = ['class-descriptions.csv', 'classes-trainable.csv', 'train_human_labels.csv', 'train_machine_labels.csv', 'train_bounding_boxes.csv', 'tuning_labels.csv']
    const indexed = spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'oiw.js'), 'index', '--workspace', workspace, ...files.map((name) => join(dataset, name)), join(dataset, 'train')], { encoding: 'utf8' })
    expect(indexed.status, indexed.stderr).toBe(0)
    const boxCodes = [...new Set(csvLines(join(dataset, 'train_bounding_boxes.csv')).map(([, , code]) => code!))].sort()
    const app = await startHeadlessApp({ home: home.dir, workspace })
    const other = await session.context.newPage()
    try {
      await other.goto(`${app.pageUrl}&page=explore`)
      const source = other.getByTestId('boxable-source')
      await source.waitFor({ timeout: 20_000 })
      expect(await source.textContent()).toBe(`boxable classes: ${boxCodes.length}, the classes of train_bounding_boxes.csv (no boxable list indexed)`)
      await other.getByTestId('class-search').locator('input').fill(boxCodes[0]!)
      await other.locator(`[data-testid="class-row"][data-class-code="${boxCodes[0]}"] [data-col="boxes"]`).click()
      const hierarchy = other.getByTestId('class-hierarchy')
      await hierarchy.waitFor({ timeout: 10_000 })
      expect(await hierarchy.getAttribute('data-hierarchy')).toBe('absent')
      expect(await hierarchy.textContent()).toMatch(/^No hierarchy indexed/)
    } finally {
      await other.close()
      await app.stop()
    }
  })
})
