import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openCatalog, type Db } from '../../../../src/main/db/connection'
import {
  bestCheckpoint,
  createRun,
  finishRun,
  getRun,
  lastCheckpoint,
  listEpochs,
  listRuns,
  listSteps,
  markInterrupted,
  markRunStarted,
  recordCheckpoint,
  recordEpoch,
  recordSteps,
  truncateRunAfter,
} from '../../../../src/main/db/queries/training-runs'
import { parseRunConfig } from '../../../../src/shared/training/config'
import { tempDir } from '../../../helpers/temp-dir'

const backend = { name: 'wasm' as const, reason: 'best present', skipped: [], threads: 1 }
const epoch = (stageIndex: number, n: number, f2: number) => ({
  stageIndex,
  stage: 'labels',
  epoch: n,
  trainLoss: 0.5,
  validationLoss: 0.6,
  accuracy: null,
  f2,
  threshold: 0.3,
  baseline: 0.2,
  imagesPerSecond: 10,
  seconds: 3,
  optimizer: 'adam',
})

describe('training runs in the catalog', () => {
  let db: Db
  let remove: () => void
  beforeEach(() => {
    const temp = tempDir()
    remove = temp.remove
    db = openCatalog(join(temp.dir, 'catalog.sqlite'))
  })
  afterEach(() => {
    db.close()
    remove()
  })

  it('records a run with its config, steps, epochs and end', () => {
    const config = parseRunConfig({ name: 'tiny', stages: [{ kind: 'labels', epochs: 2 }] })
    const id = createRun(db, config)
    expect(getRun(db, id)).toMatchObject({ name: 'tiny', status: 'created', config })
    markRunStarted(db, id, backend, 4242)
    recordSteps(db, id, [1, 2, 3].map((s) => ({ globalStep: s, stageIndex: 0, epoch: 1, step: s, loss: 1 / s, lr: 0.001, inputSize: 64, imagesPerSecond: 5, at: s })))
    recordEpoch(db, id, epoch(0, 1, 0.4))
    finishRun(db, id, 'completed', { seconds: 12.5, imagesPerSecond: 7 })
    const run = getRun(db, id)!
    expect(run).toMatchObject({ status: 'completed', backend: 'wasm', backendReason: 'best present', seconds: 12.5, imagesPerSecond: 7 })
    expect(listSteps(db, id).map((s) => s.loss)).toEqual([1, 0.5, 1 / 3])
    expect(listEpochs(db, id)).toEqual([epoch(0, 1, 0.4)])
    expect(listRuns(db).map((r) => r.id)).toEqual([id])
  })

  it("keeps one best checkpoint per stage and the run's best metric", () => {
    const id = createRun(db, parseRunConfig({}))
    const base = { stageIndex: 0, kind: 'epoch' as const, path: '/x', globalStep: 1 }
    recordCheckpoint(db, id, { ...base, epoch: 1, metric: 0.3, best: true })
    recordCheckpoint(db, id, { ...base, epoch: 2, metric: 0.5, best: true, globalStep: 2 })
    recordCheckpoint(db, id, { ...base, epoch: 3, metric: 0.4, best: false, globalStep: 3 })
    expect(bestCheckpoint(db, id, 0)?.epoch).toBe(2)
    expect(getRun(db, id)).toMatchObject({ bestMetric: 0.5, bestStage: 0, bestEpoch: 2 })
    expect(lastCheckpoint(db, id)?.epoch).toBe(3)
  })

  it('forgets what a dead trainer recorded after the checkpoint it resumes from', () => {
    const id = createRun(db, parseRunConfig({}))
    recordSteps(db, id, [1, 2, 3, 4, 5].map((s) => ({ globalStep: s, stageIndex: 0, epoch: s <= 3 ? 1 : 2, step: s, loss: 1, lr: 1, inputSize: 64, imagesPerSecond: 1, at: s })))
    recordEpoch(db, id, epoch(0, 1, 0.1))
    recordEpoch(db, id, epoch(0, 2, 0.2))
    truncateRunAfter(db, id, 3, 0, 1)
    expect(listSteps(db, id).map((s) => s.globalStep)).toEqual([1, 2, 3])
    expect(listEpochs(db, id).map((e) => e.epoch)).toEqual([1])
  })

  it('marks runs whose trainer is gone as interrupted', () => {
    const alive = createRun(db, parseRunConfig({}))
    const dead = createRun(db, parseRunConfig({}))
    markRunStarted(db, alive, backend, 1)
    markRunStarted(db, dead, backend, 2)
    expect(markInterrupted(db, (pid) => pid === 1)).toBe(1)
    expect(getRun(db, alive)?.status).toBe('running')
    expect(getRun(db, dead)?.status).toBe('interrupted')
  })
})
