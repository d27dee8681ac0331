import type { Db } from '../../main/db/connection'
import type { RunConfig } from '../../shared/training/config'
import { createBatchStream } from '../data/batch-stream'
import { loadBoxSamples, loadLabelSamples, type LabelSplit } from '../data/catalog-samples'
import { loadImageBoxes } from '../data/image-boxes'
import { boxSource, labelSource, type SampleSource } from '../data/sample-source'
import { epochOrder, sampleWeights } from '../data/sampler'
import type { BatchSource, StageData } from './stage-data'

/** Batches of validation: fixed size, no augmentation, every sample once in order. */
const validationBatchSize = 32

/**
 * Reads a stage's samples from the catalog and wraps the data pipeline for the training loop. Fails with
 * a clear message when the catalog has nothing to train the stage on.
 */
export async function loadStageData(db: Db, config: RunConfig, stageIndex: number): Promise<StageData> {
  const stage = config.stages[stageIndex]!
  const skipped = { count: 0, examples: [] as string[] }
  let trainSource: SampleSource
  let validationSource: SampleSource
  let classCodes: string[]
  let codesByFrequency: string[]
  let validationTruth: StageData['validationTruth']
  let weights: Float64Array | null
  if (stage.kind === 'labels') {
    const samples = loadLabelSamples(db, config, stage)
    if (samples.classes.length === 0) throw new Error(`stage ${stageIndex + 1} (labels): no ${config.classes} class has ${config.minClassImages} or more human-positive training images with a file; index human labels and images first`)
    if (samples.train.images.length === 0) throw new Error(`stage ${stageIndex + 1} (labels): no training images with a file and a human label`)
    if (samples.validation.images.length === 0) throw new Error(`stage ${stageIndex + 1} (labels): no validation images; raise validationFraction (now ${config.validationFraction})`)
    classCodes = samples.classes.map((c) => c.code)
    codesByFrequency = [...samples.classes].sort((a, b) => b.trainImages - a.trainImages || (a.code < b.code ? -1 : 1)).map((c) => c.code)
    trainSource = labelSource(samples.train, stage.contextAugmentation > 0 ? loadImageBoxes(db, samples.train.images) : undefined)
    validationSource = labelSource(samples.validation)
    validationTruth = humanPositives(samples.validation)
    weights = sampleWeights(samples.train, classCodes.length, stage.sampling)
  } else {
    const samples = loadBoxSamples(db, config, stage)
    if (samples.classes.length < 2) throw new Error(`stage ${stageIndex + 1} (boxes): ${samples.classes.length} boxable classes have usable human boxes on training images; box pretraining needs at least 2 (index train_bounding_boxes.csv)`)
    if (samples.validation.count === 0) throw new Error(`stage ${stageIndex + 1} (boxes): no validation boxes; raise validationFraction (now ${config.validationFraction})`)
    classCodes = samples.classes.map((c) => c.code)
    codesByFrequency = [...samples.classes].sort((a, b) => b.trainBoxes - a.trainBoxes).map((c) => c.code)
    trainSource = boxSource(samples.train, classCodes.length)
    validationSource = boxSource(samples.validation, classCodes.length)
    validationTruth = samples.validation.classIndexes
    weights = sampleWeights(samples.train, classCodes.length, stage.sampling)
  }
  const concurrency = config.dataWorkers
  const track = (source: { skipped: { count: number; examples: string[] } }, counted: { n: number }) => {
    const extra = source.skipped.count - counted.n
    if (extra > 0) {
      skipped.count += extra
      for (const example of source.skipped.examples) if (skipped.examples.length < 5 && !skipped.examples.includes(example)) skipped.examples.push(example)
      counted.n = source.skipped.count
    }
  }
  const wrap = (stream: ReturnType<typeof createBatchStream>): BatchSource => {
    const counted = { n: 0 }
    return {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          const result = await stream.next()
          track(stream, counted)
          return result
        },
      }),
      close: () => stream.close(),
    }
  }
  return {
    kind: stage.kind,
    classCodes,
    trainCount: trainSource.count,
    validationCount: validationSource.count,
    epochOrder: (epoch, samples) => epochOrder(weights, trainSource.count, samples ?? stage.samplesPerEpoch, config.seed + stageIndex * 1000, epoch),
    trainBatches: (order, epoch, startBatch) =>
      wrap(createBatchStream({ samples: trainSource, order, startBatch, batchSize: stage.batchSize, inputSizes: stage.inputSizes, augmentation: stage.augmentation, context: stage.kind === 'labels' ? stage.contextAugmentation : 0, cutMix: stage.kind === 'labels' ? stage.cutMix : 0, seed: config.seed + stageIndex * 1000, epoch, ...(concurrency ? { concurrency } : {}) })),
    validationBatches: (size) =>
      wrap(
        createBatchStream({
          samples: validationSource,
          order: Uint32Array.from({ length: validationSource.count }, (_, i) => i),
          batchSize: validationBatchSize,
          inputSizes: [size],
          augmentation: 'none',
          seed: 0,
          epoch: 0,
          ...(concurrency ? { concurrency } : {}),
        }),
      ),
    validationTruth,
    codesByFrequency,
    skippedFiles: () => skipped,
  }
}

/** Each image's human-positive class indexes (the validation truth of the F2 metric). */
function humanPositives(split: LabelSplit): number[][] {
  return split.images.map((_, i) => {
    const positives: number[] = []
    for (let e = split.rowStart[i]!; e < split.rowStart[i + 1]!; e++) if (split.human[e] === 1 && split.values[e] === 1) positives.push(split.classIndexes[e]!)
    return positives
  })
}
