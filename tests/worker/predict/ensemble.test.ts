import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../../src/main/db/connection'
import { createRun, getRun, recordCheckpoint } from '../../../src/main/db/queries/training-runs'
import { epochCheckpointFolder } from '../../../src/main/services/training/run-folders'
import { parseRunConfig } from '../../../src/shared/training/config'
import { saveCheckpoint } from '../../../src/worker/checkpoint'
import { createModel } from '../../../src/worker/model'
import { chooseEnsemble, parseCheckpointList, parseRunList } from '../../../src/worker/predict/ensemble'
import { listImageSet } from '../../../src/worker/predict/image-sets'
import { predictRun, type PredictOptions } from '../../../src/worker/predict/predict-run'
import type { RunPosition } from '../../../src/worker/trainer/run-position'
import { fixtureWorkspace, type FixtureWorkspace } from '../../helpers/fixture-workspace'

let fixture: FixtureWorkspace
let db: Db
let codes: string[]
let keys: Set<string>

beforeAll(async () => {
  await tf.setBackend('cpu')
  fixture = await fixtureWorkspace(12)
  db = fixture.workspace.db
  codes = db.prepare('SELECT code FROM classes ORDER BY id LIMIT 5').pluck().all() as string[]
  keys = new Set(listImageSet(db, 'train', 0.01).images.slice(0, 4).map((image) => image.key))
})
afterAll(() => fixture.remove())

/** A run of one labels stage whose epoch checkpoints are untrained small nets of these seeds (epoch e: seeds[e-1]). */
async function trainedRun(seeds: number[], bestEpoch: number, classCodes = codes): Promise<number> {
  const config = parseRunConfig({ model: { arch: 'small', width: 4 }, validationFraction: 0.01, stages: [{ kind: 'labels', epochs: seeds.length, inputSizes: [32] }] })
  const runId = createRun(db, config)
  for (const [i, seed] of seeds.entries()) {
    const epoch = i + 1
    const dir = epochCheckpointFolder(fixture.workspace.dir, runId, 0, epoch)
    mkdirSync(join(dir, '..'), { recursive: true })
    const model = createModel({ arch: 'small', width: 4, classes: classCodes.length, seed })
    const position: RunPosition = {
      stageIndex: 0, epoch: epoch + 1, nextBatch: 0, stageStep: epoch, globalStep: epoch, switched: false, history: [],
      bestMetric: null, classCodes, arch: 'small', width: 4, seconds: 0, images: 0,
    }
    await saveCheckpoint(dir, { weights: model.namedWeights(), optimizer: null, meta: { position } })
    model.dispose()
    recordCheckpoint(db, runId, { stageIndex: 0, epoch, kind: 'epoch', path: dir, metric: epoch === bestEpoch ? 0.9 : 0.1, best: epoch === bestEpoch, globalStep: epoch })
  }
  return runId
}

/** The stored scores of a set, by image id then head class index (NaN: not stored). */
function storedScores(name: string): Map<number, Float64Array> {
  const rows = db
    .prepare('SELECT p.image_id AS imageId, c.code, p.score FROM predictions p JOIN prediction_sets s ON s.id = p.set_id JOIN classes c ON c.id = p.class_id WHERE s.name = ?')
    .all(name) as Array<{ imageId: number; code: string; score: number }>
  const byImage = new Map<number, Float64Array>()
  for (const { imageId, code, score } of rows) {
    if (!byImage.has(imageId)) byImage.set(imageId, new Float64Array(codes.length).fill(NaN))
    byImage.get(imageId)![codes.indexOf(code)] = score
  }
  return byImage
}

const base = (runId: PredictOptions['runId'], checkpoint: PredictOptions['checkpoint'], name?: string): PredictOptions => ({
  runId, checkpoint, ...(name !== undefined ? { name } : {}), images: 'train', keys, tta: true, scales: [1], replace: true, topK: codes.length, floor: 1, batchSize: 3, backend: 'cpu', concurrency: 2,
})

describe('ensembles in predict', () => {
  let runId: number
  beforeAll(async () => {
    runId = await trainedRun([11, 12], 1)
  })

  it("stores each image's mean of the checkpoints' probabilities, selected after averaging, each model adapted alike", async () => {
    for (const adaptBatchNorm of [false, true]) {
      const tag = adaptBatchNorm ? 'abn' : 'plain'
      await predictRun(db, { ...base(runId, 'best', `best-${tag}`), adaptBatchNorm })
      await predictRun(db, { ...base(runId, 'last', `last-${tag}`), adaptBatchNorm })
      const report = await predictRun(db, { ...base(runId, ['best', 'last'], `both-${tag}`), adaptBatchNorm })
      expect(report!.description).toBe(`run ${runId} checkpoints stage1-epoch1 + stage1-epoch2 (tta${adaptBatchNorm ? ', batch norm adapted' : ''})`)
      expect(report!.ensemble?.map((c) => c.name)).toEqual(['stage1-epoch1', 'stage1-epoch2'])
      const [best, last, both] = [storedScores(`best-${tag}`), storedScores(`last-${tag}`), storedScores(`both-${tag}`)]
      expect(both.size).toBe(keys.size)
      let differ = 0
      for (const [imageId, mean] of both) {
        for (let c = 0; c < codes.length; c++) {
          const [b, l] = [best.get(imageId)![c]!, last.get(imageId)![c]!]
          expect(Math.abs(mean[c]! - (b + l) / 2)).toBeLessThan(1e-5)
          if (Math.abs(b - l) > 1e-3) differ++
        }
      }
      expect(differ).toBeGreaterThan(0) // the two checkpoints do disagree

      // top 2 of the mean, not of either checkpoint's list
      await predictRun(db, { ...base(runId, ['best', 'last'], `top2-${tag}`), adaptBatchNorm, topK: 2 })
      for (const [imageId, scores] of storedScores(`top2-${tag}`)) {
        const full = both.get(imageId)!
        const expected = [...full.keys()].sort((a, b) => full[b]! - full[a]!).slice(0, 2)
        expect([...scores.keys()].filter((c) => !Number.isNaN(scores[c]!)).sort()).toEqual(expected.sort())
      }
    }
  })

  it('names a default set after the runs and the checkpoints, and counts a folder picked twice once', async () => {
    const report = await predictRun(db, base(runId, ['best', 'last']))
    expect(report!.name).toBe(`run${runId}-train-ensemble2-tta`)
    const single = await predictRun(db, { ...base(runId, ['best', { dir: epochCheckpointFolder(fixture.workspace.dir, runId, 0, 1) }], 'same'), tta: false })
    expect(single!.description).toBe(`run ${runId} checkpoint stage1-epoch1`)
    expect(single!.ensemble).toBeUndefined()
  })

  it('takes snapshot as the best and the last two epochs, each once', async () => {
    const early = await trainedRun([1, 2, 3, 4], 1)
    const late = await trainedRun([1, 2, 3], 3)
    const names = async (id: number) => (await chooseEnsemble(db, [getRun(db, id)!], ['snapshot'])).map((m) => m.name)
    expect(await names(early)).toEqual(['stage1-epoch1', 'stage1-epoch3', 'stage1-epoch4'])
    expect(await names(late)).toEqual(['stage1-epoch3', 'stage1-epoch2'])
  })

  it('averages several runs, and refuses runs whose head classes differ, naming them and the first differing class', async () => {
    const other = await trainedRun([21], 1)
    const report = await predictRun(db, base([runId, other], 'best', 'runs'))
    expect(report!.description).toBe(`run ${runId} checkpoint stage1-epoch1, run ${other} checkpoint stage1-epoch1 (tta)`)
    const swapped = [codes[0]!, codes[2]!, codes[1]!, ...codes.slice(3)]
    const mismatched = await trainedRun([31], 1, swapped)
    await expect(predictRun(db, base([runId, mismatched], 'best', 'bad'))).rejects.toThrow(
      `run ${runId} (stage1-epoch1) and run ${mismatched} (stage1-epoch1) have different head classes (5 and 5); the first difference is class 2: ${codes[1]} in run ${runId} (stage1-epoch1), ${codes[2]} in run ${mismatched} (stage1-epoch1)`,
    )
    await expect(predictRun(db, base([runId, other], { dir: fixture.workspace.dir }, 'bad'))).rejects.toThrow(/a checkpoint folder is one run's/)
  })
})

describe('checkpoint and run lists', () => {
  it('reads best, last, snapshot and folders, and names a bad entry', () => {
    expect(parseCheckpointList('best')).toEqual(['best'])
    expect(parseCheckpointList('best, last,snapshot')).toEqual(['best', 'last', 'snapshot'])
    expect(parseCheckpointList(`best,${fixture.workspace.dir}`)).toEqual(['best', { dir: fixture.workspace.dir }])
    expect(() => parseCheckpointList('best,bset')).toThrow(/not "bset" \(no such folder\)/)
    expect(() => parseCheckpointList('best,,last')).toThrow(/an empty entry in "best,,last"/)
    expect(() => parseCheckpointList('last,last')).toThrow(/names "last" twice/)
    expect(() => parseCheckpointList(`best,${fixture.workspace.dir}`, true)).toThrow(`--checkpoint "${fixture.workspace.dir}": a folder is one run's checkpoint`)
    expect(() => parseCheckpointList(Array.from({ length: 9 }, (_, i) => `d${i}`).join(','))).toThrow(/at most 8/)
  })

  it('reads run ids and names a bad entry', () => {
    expect(parseRunList('3, 4')).toEqual([3, 4])
    expect(() => parseRunList('3,x')).toThrow('--runs takes run ids (like 3,4), not "x"')
    expect(() => parseRunList('3,0')).toThrow(/not "0"/)
    expect(() => parseRunList('3,3')).toThrow(/run 3 twice/)
  })
})
