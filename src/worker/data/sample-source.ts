import { boxSampleAt, type Box, type BoxSplit } from './box-samples'
import { boxesOf, type ImageBoxes } from './image-boxes'
import { targetsOf, type LabelSplit } from './label-samples'

/**
 * What the batcher needs of one side of a stage's data, whichever the stage: how many samples, where
 * sample i's pixels come from and what its target is.
 */
export type SampleSource =
  | {
      kind: 'labels'
      count: number
      classCount: number
      /** `objects`: the image's boxes (four normalised coordinates each) when context augmentation needs them. */
      pixelsOf(index: number): { file: string; box?: Box; objects?: Float32Array }
      /** Writes sample `index`'s targets at `out[offset …]` (classCount values). */
      targetsOf(index: number, out: Float32Array, offset: number): void
    }
  | {
      kind: 'boxes'
      count: number
      classCount: number
      pixelsOf(index: number): { file: string; box?: Box; objects?: Float32Array }
      classIndexOf(index: number): number
    }

/** The multi-label images of one side as a sample source (with their boxes, for context augmentation). */
export function labelSource(split: LabelSplit, boxes?: ImageBoxes): SampleSource {
  return {
    kind: 'labels',
    count: split.images.length,
    classCount: split.classCount,
    pixelsOf: (index) => (boxes ? { file: split.images[index]!.file, objects: boxesOf(boxes, index) } : { file: split.images[index]!.file }),
    targetsOf: (index, out, offset) => targetsOf(split, index, out, offset),
  }
}

/** The box crops of one side as a sample source. */
export function boxSource(split: BoxSplit, classCount: number): SampleSource {
  return {
    kind: 'boxes',
    count: split.count,
    classCount,
    pixelsOf: (index) => {
      const sample = boxSampleAt(split, index)
      return { file: sample.file, box: sample.box }
    },
    classIndexOf: (index) => split.classIndexes[index]!,
  }
}
