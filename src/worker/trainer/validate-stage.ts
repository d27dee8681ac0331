import * as tf from '@tensorflow/tfjs'
import type { StageConfig } from '../../shared/training/config'
import type { Model } from '../model'
import { pixelsToTensor, batchLoss } from './train-step'
import type { StageData } from './stage-data'
import { accuracyOf, validateLabels } from './validation-metrics'

export interface StageValidation {
  loss: number
  /** The metric that picks the best checkpoint: F2 (labels) or accuracy (boxes). */
  metric: number
  f2?: number
  threshold?: number
  accuracy?: number
  /** The trivial predictor's metric: most frequent labels' F2 (labels), most frequent class's accuracy (boxes). */
  baseline: number
}

/** The validation input size: the middle of the stage's sizes (multi-scale training, one fixed size to compare epochs). */
export function validationSize(stage: StageConfig): number {
  const sizes = [...stage.inputSizes].sort((a, b) => a - b)
  return sizes[Math.floor((sizes.length - 1) / 2)]!
}

/** Runs the model in inference mode over the stage's validation set and scores it. */
export async function validateStage(model: Model, data: StageData, stage: StageConfig): Promise<StageValidation> {
  const classes = data.classCodes.length
  const outputs = new Float32Array(data.validationCount * classes)
  const scored = new Uint8Array(data.validationCount)
  let lossSum = 0
  let rows = 0
  const batches = data.validationBatches(validationSize(stage))
  try {
    for await (const batch of batches) {
      const x = pixelsToTensor(batch)
      const [values, loss] = tf.tidy(() => {
        const logits = model.forward(x, false)
        const out = stage.kind === 'labels' ? tf.sigmoid(logits) : logits
        return [out.dataSync() as Float32Array, batchLoss(logits, batch, stage, classes).dataSync()[0]!] as const
      })
      x.dispose()
      for (let r = 0; r < batch.count; r++) {
        // a skipped file's slot holds a later sample: place each row at its own sample
        const sample = batch.sampleIndexes ? batch.sampleIndexes[r]! : rows + r
        outputs.set(values.subarray(r * classes, (r + 1) * classes), sample * classes)
        scored[sample] = 1
      }
      lossSum += loss * batch.count
      rows += batch.count
    }
  } finally {
    batches.close()
  }
  const loss = rows > 0 ? lossSum / rows : 0
  const kept = [...scored.keys()].filter((i) => scored[i] === 1)
  const keptOutputs = new Float32Array(kept.length * classes)
  kept.forEach((sample, k) => keptOutputs.set(outputs.subarray(sample * classes, (sample + 1) * classes), k * classes))
  if (stage.kind === 'boxes') {
    const truth = data.validationTruth as Int32Array
    const keptTruth = Int32Array.from(kept, (sample) => truth[sample]!)
    const accuracy = accuracyOf(keptOutputs, keptTruth, classes)
    return { loss, metric: accuracy, accuracy, baseline: majorityShare(keptTruth) }
  }
  const truth = data.validationTruth as ReadonlyArray<readonly number[]>
  const labels = validateLabels(keptOutputs, kept.map((sample) => truth[sample]!), data.classCodes, data.codesByFrequency)
  return { loss, metric: labels.f2, f2: labels.f2, threshold: labels.threshold, baseline: labels.baselineF2 }
}

function majorityShare(classes: Int32Array): number {
  const counts = new Map<number, number>()
  for (const c of classes) counts.set(c, (counts.get(c) ?? 0) + 1)
  return classes.length > 0 ? Math.max(...counts.values()) / classes.length : 0
}
