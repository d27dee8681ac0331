import { appendFileSync, copyFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { planIndex } from '../../../../src/main/services/catalog/index-plan'
import { runIndex } from '../../../../src/main/services/catalog/run-index'
import { generateDemoDataset } from '../../../../src/main/services/demo/generate-demo-dataset'
import { datasetChanges } from '../../../../src/main/services/kaggle/dataset-changes'
import { Workspace } from '../../../../src/main/services/workspace/workspace'
import { tempDir } from '../../../helpers/temp-dir'

/** The Kaggle pipeline's index step is skipped only when the catalog holds every file as it is now. */
describe('what changed since a dataset folder was indexed', () => {
  const temp = tempDir('oiw-dataset-changes-')
  const dataset = join(temp.dir, 'dataset')
  let workspace: Workspace

  beforeAll(async () => {
    await generateDemoDataset(dataset, { images: 20, seed: 3 })
    workspace = Workspace.open(join(temp.dir, 'ws'))
    await runIndex(workspace.db, planIndex([dataset]))
  })
  afterAll(() => {
    workspace.close()
    temp.remove()
  })

  it('finds nothing to do right after indexing', () => {
    expect(datasetChanges(workspace.db, planIndex([dataset]))).toEqual([])
  })

  it('names a new file, a changed file and a folder with new images', () => {
    const sample = join(temp.dir, 'stage_2_sample_submission.csv')
    writeFileSync(sample, 'image_id,labels\n0123456789abcdef,/m/01g317\n')
    expect(datasetChanges(workspace.db, planIndex([dataset, `sample-submission=${sample}`]))).toEqual([`${sample} was never indexed`])

    const labels = join(dataset, 'train_machine_labels.csv')
    appendFileSync(labels, '')
    const later = new Date(Date.now() + 5000)
    utimesSync(labels, later, later)
    expect(datasetChanges(workspace.db, planIndex([dataset]))).toEqual([`${labels} changed since it was indexed`])
    utimesSync(labels, new Date(0), new Date(0))
    expect(datasetChanges(workspace.db, planIndex([dataset]))).toEqual([])

    // a new image in train/<c>/ changes that folder's time, three levels below the image store
    const folder = join(dataset, 'train', readdirSync(join(dataset, 'train'))[0]!)
    const image = readdirSync(folder).find((name) => name.endsWith('.jpg'))!
    copyFileSync(join(folder, image), join(folder, `${'f'.repeat(16)}.jpg`))
    expect(datasetChanges(workspace.db, planIndex([dataset]))).toEqual([`${dataset} has new or removed images`])
  })
})
