import * as tf from '@tensorflow/tfjs'
import { headWeightNames, type Model } from '../model'
import type { StoredTensor } from './load-checkpoint'

export interface ApplyWeightsOptions {
  /** Leave the model's head (fc) as it is and ignore the checkpoint's: stage 2 starting from a stage-1 backbone with other classes. */
  skipHead?: boolean
}

/**
 * Assigns checkpoint weights to a model by name. Checks everything first and assigns nothing on a
 * mismatch: throws one error listing the model's weights missing from the checkpoint, the checkpoint's
 * weights the model lacks, and shape differences (a checkpoint of another architecture or width).
 */
export function applyWeights(model: Model, weights: Map<string, StoredTensor>, options: ApplyWeightsOptions = {}): void {
  const skipped = new Set<string>(options.skipHead ? headWeightNames : [])
  const targets = model.namedWeights()
  const missing: string[] = []
  const mismatched: string[] = []
  for (const [name, variable] of targets) {
    if (skipped.has(name)) continue
    const stored = weights.get(name)
    if (!stored) missing.push(name)
    else if (stored.shape.join('×') !== variable.shape.join('×') || stored.values.length !== variable.size) {
      mismatched.push(`${name} [${stored.shape.join(', ')}] vs the model's [${variable.shape.join(', ')}]`)
    }
  }
  const unexpected = [...weights.keys()].filter((name) => !targets.has(name) && !skipped.has(name))
  if (missing.length + unexpected.length + mismatched.length > 0) {
    const list = (label: string, names: string[]): string => (names.length === 0 ? '' : ` ${label} (${names.length}): ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}.`)
    throw new Error(
      `the checkpoint does not fit this ${model.arch} (width ${model.width}):` +
        list('missing from the checkpoint', missing) +
        list('unexpected in the checkpoint', unexpected) +
        list('different shapes', mismatched),
    )
  }
  for (const [name, variable] of targets) {
    if (skipped.has(name)) continue
    const stored = weights.get(name)!
    tf.tidy(() => variable.assign(tf.tensor(stored.values, variable.shape, 'float32')))
  }
}
