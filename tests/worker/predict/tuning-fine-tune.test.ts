import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../../src/main/db/connection'
import { createRun, getRun, recordCheckpoint } from '../../../src/main/db/queries/training-runs'
import { readTuningTruth } from '../../../src/main/services/evaluation/prediction-scores'
import { epochCheckpointFolder } from '../../../src/main/services/training/run-folders'
import { labelSourceId } from '../../../src/shared/labels'
import { parseRunConfig, type StageConfig } from '../../../src/shared/training/config'
import type { SampleImage } from '../../../src/worker/data/training-images'
import { applyWeights, loadCheckpoint, saveCheckpoint, type StoredTensor } from '../../../src/worker/checkpoint'
import { createModel, type Model } from '../../../src/worker/model'
import { listImageSet } from '../../../src/worker/predict/image-sets'
import { predictImages } from '../../../src/worker/predict/predict-images'
import { predictRun, type PredictOptions } from '../../../src/worker/predict/predict-run'
import { copyWeights, fineTuneOnTuning, tuningSplit } from '../../../src/worker/predict/tuning-fine-tune'
import { predictionViews } from '../../../src/worker/predict/views'
import { multiLabelLoss } from '../../../src/worker/train/losses'
import { pixelsToTensor } from '../../../src/worker/trainer/train-step'
import { createBatchStream } from '../../../src/worker/data/batch-stream'
import { labelSource } from '../../../src/worker/data/sample-source'
import type { RunPosition } from '../../../src/worker/trainer/run-position'
import { fixtureWorkspace, type FixtureWorkspace } from '../../helpers/fixture-workspace'

let fixture: FixtureWorkspace
let db: Db
let codes: string[]
let runId: number
const size = 32

/**
 * 10 of the fixture's train images become tuning images whose tuning labels are their human positives among
 * the head's 4 most frequent classes; 3 others become test images. The run: one labels stage whose only
 * checkpoint is an untrained small net.
 */
beforeAll(async () => {
  await tf.setBackend('cpu')
  fixture = await fixtureWorkspace(30)
  db = fixture.workspace.db
  const human = [labelSourceId('verification'), labelSourceId('crowdsource-verification')]
  codes = db
    .prepare(`SELECT c.code FROM labels l JOIN classes c ON c.id = l.class_id WHERE l.source IN (?, ?) AND l.confidence >= 0.5 GROUP BY c.code ORDER BY count(*) DESC, c.code LIMIT 4`)
    .pluck()
    .all(...human) as string[]
  const other = db.prepare(`SELECT code FROM classes WHERE code NOT IN (${codes.map(() => '?').join(', ')}) ORDER BY code LIMIT 1`).pluck().get(...codes) as string
  const images = listImageSet(db, 'train', 0.01).images
  const tuning = images.slice(0, 10)
  const insert = db.prepare('INSERT OR REPLACE INTO labels (image_id, class_id, source, confidence) SELECT ?, id, ?, 1 FROM classes WHERE code = ?')
  const positives = db.prepare('SELECT c.code FROM labels l JOIN classes c ON c.id = l.class_id WHERE l.image_id = ? AND l.source IN (?, ?) AND l.confidence >= 0.5').pluck()
  db.transaction(() => {
    for (const image of tuning) {
      db.prepare("UPDATE images SET split = 'tuning' WHERE id = ?").run(image.id)
      const own = (positives.all(image.id, ...human) as string[]).filter((code) => codes.includes(code))
      // every tuning image has a label: one outside the head where it has none of the head's (all its targets 0)
      for (const code of own.length > 0 ? own : [other]) insert.run(image.id, labelSourceId('tuning'), code)
    }
    for (const image of images.slice(10, 13)) db.prepare("UPDATE images SET split = 'test' WHERE id = ?").run(image.id)
  })()
  runId = await untrainedRun(5)
})
afterAll(() => fixture.remove())

/** A run of one labels stage whose only (best) checkpoint is an untrained small net of this seed. */
async function untrainedRun(seed: number): Promise<number> {
  const config = parseRunConfig({ model: { arch: 'small', width: 4 }, validationFraction: 0.01, stages: [{ kind: 'labels', epochs: 1, inputSizes: [size], batchSize: 4, augmentation: 'none' }] })
  const id = createRun(db, config)
  const dir = epochCheckpointFolder(fixture.workspace.dir, id, 0, 1)
  mkdirSync(join(dir, '..'), { recursive: true })
  const model = createModel({ arch: 'small', width: 4, classes: codes.length, seed })
  const position: RunPosition = { stageIndex: 0, epoch: 2, nextBatch: 0, stageStep: 1, globalStep: 1, switched: false, history: [], bestMetric: null, classCodes: codes, arch: 'small', width: 4, seconds: 0, images: 0 }
  await saveCheckpoint(dir, { weights: model.namedWeights(), optimizer: null, meta: { position } })
  model.dispose()
  recordCheckpoint(db, id, { stageIndex: 0, epoch: 1, kind: 'epoch', path: dir, metric: 0.5, best: true, globalStep: 1 })
  return id
}

/** A model of the head's classes with these weights. */
function modelWith(weights: Map<string, StoredTensor>): Model {
  const model = createModel({ arch: 'small', width: 4, classes: codes.length, seed: 0 })
  applyWeights(model, weights)
  return model
}

const testImages = () => listImageSet(db, 'test', 0.01).images

/** Mean BCE of a model's logits against the tuning labels of these images (no augmentation). */
async function tuningLoss(model: Model, images: readonly SampleImage[]): Promise<number> {
  const split = tuningSplit(images, readTuningTruth(db), codes)
  const stream = createBatchStream({ samples: labelSource(split), order: Uint32Array.from(split.images.keys()), batchSize: images.length, inputSizes: [size], augmentation: 'none', seed: 0, epoch: 0 })
  let loss = 0
  for await (const batch of stream) {
    loss = tf.tidy(() => multiLabelLoss(model.forward(pixelsToTensor(batch), false), tf.tensor2d(batch.targets!, [batch.count, codes.length]), { bce: 1, focal: 0, softF2: 0, focalGamma: 2 }).dataSync()[0]!)
  }
  stream.close()
  return loss
}

/** Runs `body` with a fresh untrained model, its start weights and the run's labels stage; disposes the model after. */
async function withStartModel(body: (model: Model, start: Map<string, StoredTensor>, stage: StageConfig) => Promise<void>): Promise<void> {
  const model = createModel({ arch: 'small', width: 4, classes: codes.length, seed: 5 })
  try {
    await body(model, copyWeights(model), getRun(db, runId)!.config.stages[0]!)
  } finally {
    model.dispose()
  }
}

describe('the tuning labels as targets', () => {
  it("marks each image's head classes among its tuning labels 1, every other head class 0, and ignores other classes", () => {
    const images = [{ id: 1, key: 'a', file: '' }, { id: 2, key: 'b', file: '' }, { id: 3, key: 'c', file: '' }]
    const truth = new Map([['a', ['/m/2', '/m/0', '/m/x']], ['b', ['/m/x']]])
    const split = tuningSplit(images, truth, ['/m/0', '/m/1', '/m/2'])
    const out = new Float32Array(9)
    for (let i = 0; i < 3; i++) for (let e = split.rowStart[i]!; e < split.rowStart[i + 1]!; e++) out[i * 3 + split.classIndexes[e]!] = split.values[e]!
    expect([...out]).toEqual([1, 0, 1, 0, 0, 0, 0, 0, 0])
    expect([...split.human]).toEqual([1, 1])
  })
})

describe('fine-tuning on the tuning labels', () => {
  it('learns each fold from the other folds only: the held-out sets split the tuning images, each model fits its own images better', async () => {
    await withStartModel(async (model, start, stage) => {
      const images = testImages()
      const truth = readTuningTruth(db)
      const before = await tuningLoss(model, images.filter((image) => truth.has(image.key)))
      const result = await fineTuneOnTuning({ model, start, images, truth, classCodes: codes, stage, fineTune: { folds: 3, epochs: 6, lrShare: 10 }, seed: 1, concurrency: 2 })
      expect(result).not.toBeNull()
      const { folds } = result!
      expect(folds).toHaveLength(3)
      const heldOut = folds.flatMap((fold) => [...fold.heldOut])
      // every tuning image held out once, no test image among them
      expect(heldOut.sort()).toEqual(images.filter((image) => truth.has(image.key)).map((image) => image.key).sort())
      expect(heldOut.length).toBeGreaterThanOrEqual(10)
      expect(result!.images).toBe(6 * (heldOut.length * 2))
      // the model given is left at its start weights
      expect([...copyWeights(model)].every(([name, w]) => w.values.every((v, i) => v === start.get(name)!.values[i]))).toBe(true)
      for (const fold of folds) {
        const fitting = images.filter((image) => truth.has(image.key) && !fold.heldOut.has(image.key))
        const tuned = modelWith(fold.weights)
        const after = await tuningLoss(tuned, fitting)
        tuned.dispose()
        applyWeights(model, start)
        expect(after).toBeLessThan(0.8 * (await tuningLoss(model, fitting)))
      }
      expect(before).toBeGreaterThan(0)
    })
  })

  it('runs fewer epochs where its seconds do not allow them all, timed by the first epoch', async () => {
    await withStartModel(async (model, start, stage) => {
      const images = testImages()
      const truth = readTuningTruth(db)
      const result = await fineTuneOnTuning({ model, start, images, truth, classCodes: codes, stage, fineTune: { folds: 2, epochs: 50, seconds: 1e-3 }, seed: 1, concurrency: 2 })
      const labelled = images.filter((image) => truth.has(image.key)).length
      expect(result!.epochs).toEqual([1, 1])
      expect(result!.images).toBe(labelled)
    })
  })

  it('refuses too few tuning images, naming how many there are', async () => {
    await withStartModel(async (model, start, stage) => {
      const all = readTuningTruth(db)
      const truth = new Map(testImages().filter((image) => all.has(image.key)).slice(0, 3).map((image) => [image.key, all.get(image.key)!]))
      await expect(fineTuneOnTuning({ model, start, images: testImages(), truth, classCodes: codes, stage, fineTune: { folds: 2, epochs: 1 }, seed: 1 })).rejects.toThrow('needs 4 or more tuning images with a file and labels; the catalog has 3')
    })
  })
})

describe('predict with fine-tuning', () => {
  const options = (name: string): PredictOptions => ({
    runId, checkpoint: 'best', images: 'test', tta: true, scales: [1], name, replace: true, topK: 4, floor: 1, batchSize: 4, backend: 'cpu', concurrency: 2, fineTune: { folds: 2, epochs: 3, lrShare: 10 },
  })

  it("scores each tuning image with the fold's model that left it out and the other test images with all folds' models", async () => {
    const report = await predictRun(db, options('fine-tuned'))
    expect(report!.fineTune).toMatchObject({ folds: 2, epochs: [3, 3] })
    expect(report!.description).toBe(`run ${runId} checkpoint stage1-epoch1 fine-tuned on the tuning labels (2 folds × 3 epochs) (tta)`)
    expect(report!.images).toBe(testImages().length)
    // the same fine-tuning again (it is deterministic), then each group predicted by hand
    const checkpoint = await loadCheckpoint(epochCheckpointFolder(fixture.workspace.dir, runId, 0, 1))
    const model = modelWith(checkpoint.weights)
    const images = testImages()
    const truth = readTuningTruth(db)
    const run = getRun(db, runId)!
    const result = (await fineTuneOnTuning({ model, start: checkpoint.weights, images, truth, classCodes: codes, stage: run.config.stages[0]!, fineTune: { folds: 2, epochs: 3, lrShare: 10 }, seed: run.config.seed, concurrency: 2 }))!
    model.dispose()
    const models = result.folds.map((fold) => modelWith(fold.weights))
    const views = predictionViews(size, [1], true)
    const scoresOf = async (list: Model[], group: SampleImage[]) => {
      const predicted = await predictImages({ models: list, images: group, views, batchSize: 4, topK: 4, floor: 1 })
      const { image, classIndex, score } = predicted.rows.columns()
      const out = new Map<string, number>()
      for (let r = 0; r < predicted.rows.length; r++) out.set(`${group[image[r]!]!.key} ${codes[classIndex[r]!]}`, score[r]!)
      return out
    }
    const expected = new Map<string, number>()
    for (const [f, fold] of result.folds.entries()) for (const [k, v] of await scoresOf([models[f]!], images.filter((image) => fold.heldOut.has(image.key)))) expected.set(k, v)
    for (const [k, v] of await scoresOf(models, images.filter((image) => !truth.has(image.key)))) expected.set(k, v)
    // the folds' models do differ: a tuning image's own fold does not score it as the ensemble would
    const ensemble = await scoresOf(models, images.filter((image) => truth.has(image.key)))
    for (const m of models) m.dispose()
    expect([...ensemble].some(([k, v]) => Math.abs(v - expected.get(k)!) > 1e-4)).toBe(true)
    const stored = db
      .prepare("SELECT i.image_key || ' ' || c.code, p.score FROM predictions p JOIN prediction_sets s ON s.id = p.set_id JOIN classes c ON c.id = p.class_id JOIN images i ON i.id = p.image_id WHERE s.name = ?")
      .raw()
      .all('fine-tuned') as Array<[string, number]>
    expect(stored).toHaveLength(testImages().length * 4)
    for (const [k, v] of stored) expect(Math.abs(v - expected.get(k)!)).toBeLessThan(1e-5)
  })

  it('refuses fine-tuning from an ensemble of checkpoints', async () => {
    const other = await untrainedRun(6)
    await expect(predictRun(db, { ...options('two'), runId: [runId, other] })).rejects.toThrow('fine-tuning on the tuning labels starts from one checkpoint, not 2')
  })
})
