import type { StageKind } from '../../shared/training/config'

/** One batch as the data pipeline delivers it: uint8 RGB pixels (count × size × size × 3) and its targets. */
export interface Batch {
  /** Which samples the rows are (a skipped file is replaced by a later sample). */
  sampleIndexes?: Uint32Array
  index: number
  size: number
  count: number
  pixels: Uint8Array
  /** labels stage: count × classes targets in [0, 1]. */
  targets?: Float32Array
  /** boxes stage: the class of each crop. */
  classIndexes?: Int32Array
}

export interface BatchSource extends AsyncIterable<Batch> {
  close(): void
}

/**
 * What one stage trains on, whichever kind it is: the head's classes, an epoch's sample order, batches
 * from any point of an epoch (resume), and the validation set with its truth.
 */
export interface StageData {
  kind: StageKind
  classCodes: string[]
  trainCount: number
  validationCount: number
  /**
   * Sample indexes of one epoch, deterministic for (seed, epoch, samples): a resumed run replays the same order.
   * `samples` (default the stage's samplesPerEpoch, else every sample once): a planned epoch's length.
   */
  epochOrder(epoch: number, samples?: number): Uint32Array
  trainBatches(order: Uint32Array, epoch: number, startBatch: number): BatchSource
  validationBatches(size: number): BatchSource
  /** labels: each validation image's human-positive class indexes; boxes: each crop's class. */
  validationTruth: ReadonlyArray<readonly number[]> | Int32Array
  /** Class codes, most frequent in training first (the baseline predicts the top ones). */
  codesByFrequency: string[]
  /** Files that could not be read so far (skipped, never fatal). */
  skippedFiles(): { count: number; examples: string[] }
}
