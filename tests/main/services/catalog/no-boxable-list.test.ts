import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getCatalogSummary } from '../../../../src/main/db/queries/summary'
import { resourceDataFile } from '../../../../src/main/resources'
import { planIndex } from '../../../../src/main/services/catalog/index-plan'
import { runIndex } from '../../../../src/main/services/catalog/run-index'
import { generateDemoDataset } from '../../../../src/main/services/demo/generate-demo-dataset'
import { Workspace } from '../../../../src/main/services/workspace/workspace'
import { describeBoxableClasses } from '../../../../src/shared/boxable-classes'
import { parseRunConfig } from '../../../../src/shared/training/config'
import { loadStageData } from '../../../../src/worker/trainer/load-stage-data'
import { csvRows } from '../../../helpers/csv'
import { tempDir } from '../../../helpers/temp-dir'

/**
 * The challenge's own download: no class-descriptions-boxable.csv and no hierarchy JSON. A generated folder
 * laid out so, indexed into a real catalog: the classes with human boxes are the boxable ones and the box
 * stage's, and the summary says where they came from; indexing a boxable list later takes over.
 */
describe('indexing a dataset without a boxable list', () => {
  const temp = tempDir('oiw-no-boxable-')
  const dataset = join(temp.dir, 'dataset')
  let workspace: Workspace
  /** The codes of the boxes file whose boxes the box stage can crop (not group-of, at least 1% of the image). */
  let usableBoxCodes: string[]
  let boxCodes: string[]

  beforeAll(async () => {
    await generateDemoDataset(dataset, { images: 40, seed: 11 })
    rmSync(join(dataset, 'class-descriptions-boxable.csv'))
    rmSync(join(dataset, 'bbox_labels_600_hierarchy.json'))
    const rows = csvRows(join(dataset, 'train_bounding_boxes.csv'), true)
    boxCodes = [...new Set(rows.map((row) => row[2]!))].sort()
    const usable = rows.filter(([, , , , xMin, xMax, yMin, yMax, , , groupOf]) => groupOf === '0' && (Number(xMax) - Number(xMin)) * (Number(yMax) - Number(yMin)) >= 0.01)
    usableBoxCodes = [...new Set(usable.map((row) => row[2]!))].sort()
    workspace = Workspace.open(join(temp.dir, 'ws'))
    await runIndex(workspace.db, planIndex([dataset]))
  })
  afterAll(() => {
    workspace?.close()
    temp.remove()
  })

  const boxStageClasses = async (): Promise<string[]> => {
    const config = parseRunConfig({ validationFraction: 0.25, stages: [{ kind: 'boxes' }] })
    return (await loadStageData(workspace.db, config, 0)).classCodes
  }

  it('takes the classes of the boxes file as the boxable ones, and says so', () => {
    expect(boxCodes.length).toBeGreaterThanOrEqual(2)
    const flagged = workspace.db.prepare('SELECT code FROM classes WHERE boxable = 1 ORDER BY code').pluck().all()
    expect(flagged).toEqual(boxCodes)
    const summary = getCatalogSummary(workspace.db)
    expect(summary.boxableClasses).toEqual({ count: boxCodes.length, source: 'boxes', file: join(dataset, 'train_bounding_boxes.csv') })
    expect(describeBoxableClasses(summary.boxableClasses)).toBe(`${boxCodes.length}, the classes of train_bounding_boxes.csv (no boxable list indexed)`)
    expect(summary.hierarchyFile).toBeNull()
  })

  it('trains the box stage on the classes with usable human boxes', async () => {
    expect(usableBoxCodes.length).toBeGreaterThanOrEqual(2)
    expect(await boxStageClasses()).toEqual(usableBoxCodes)
  })

  it('hands the boxable set over to a boxable list indexed later', async () => {
    await runIndex(workspace.db, planIndex([resourceDataFile('class-descriptions-boxable.csv'), resourceDataFile('bbox_labels_600_hierarchy.json')]))
    const list = csvRows(resourceDataFile('class-descriptions-boxable.csv'), false)
    const summary = getCatalogSummary(workspace.db)
    expect(summary.boxableClasses).toEqual({ count: list.length, source: 'list', file: resourceDataFile('class-descriptions-boxable.csv') })
    expect(describeBoxableClasses(summary.boxableClasses)).toBe(`${list.length} from class-descriptions-boxable.csv`)
    expect(summary.hierarchyFile).toBe(resourceDataFile('bbox_labels_600_hierarchy.json'))
    // the demo draws boxable classes only: the box stage keeps the same classes
    expect(await boxStageClasses()).toEqual(usableBoxCodes)
    await runIndex(workspace.db, planIndex([join(dataset, 'train_bounding_boxes.csv')]))
    expect(getCatalogSummary(workspace.db).boxableClasses.source).toBe('list')
  })
})
