import type { Db } from '../../main/db/connection'
import { labelSourceId } from '../../shared/labels'
import type { RunConfig, StageConfig } from '../../shared/training/config'
import { growFloat32, growUint32, growUint8 } from './growable'
import { describeImages, scanTrainingImages, splitByHash, type SampleImage, type TrainingImages } from './training-images'

/** A class of the multi-label head; `trainImages` counts its human-positive images in the training part. */
export interface HeadClass {
  id: number
  code: string
  name: string
  trainImages: number
}

/**
 * One side of the multi-label data. Targets are stored as sparse rows (CSR), the one representation
 * that fits both the fixture and the full catalog (1.74 M images × 600–20 000 classes would be 4–140 GB
 * dense): image i's entries are [rowStart[i], rowStart[i + 1]), each a class index, a target value and
 * whether a human gave it. Classes without an entry are 0 and unknown. Read rows with `targetsOf`.
 */
export interface LabelSplit {
  images: SampleImage[]
  classCount: number
  rowStart: Uint32Array
  classIndexes: Uint32Array
  values: Float32Array
  /** 1: a human label (1 present, 0 verified absent); 0: a machine soft target. */
  human: Uint8Array
}

export interface LabelSamples {
  classes: HeadClass[]
  train: LabelSplit
  validation: LabelSplit
}

const verification = labelSourceId('verification')
const crowdsource = labelSourceId('crowdsource-verification')
const machine = labelSourceId('machine')

/**
 * The multi-label training data of a run: the head's classes (per `config.classes`, at least
 * `minClassImages` human-positive training images, ordered by code) and, for training and validation,
 * the train-split images with a file and a human label of a head class. Targets: 1 human positive,
 * 0 verified negative or unlabelled; with `stage.machineLabels.use`, confidence × weight for machine
 * labels ≥ minConfidence where no human labelled that class (training side only; validation is human only).
 *
 * One ordered pass over the labels' primary key (rows of an image, then of a class, arrive together) and
 * two over the train images; no object per label row. Memory at full scale: about 16 MB per million
 * train images while scanning, 9 B per kept label entry (×2 while growing: ~150 MB for 8 M human labels),
 * and 150–200 B per returned image (key and path strings). Time: about 1.2 µs per label row read and
 * 3 µs per train image (2 cores: 200 k images with 1.6 M label rows in 2.8 s), so ~40 s at full scale.
 */
export function loadLabelSamples(db: Db, config: RunConfig, stage: StageConfig): LabelSamples {
  const images = scanTrainingImages(db)
  const candidates = candidateClasses(db, config.classes)
  const labels = collectLabels(db, images, candidates, config.validationFraction, stage.machineLabels)
  const headOf = new Int32Array(candidates.list.length).fill(-1)
  const classes: HeadClass[] = []
  candidates.list.forEach((c, i) => {
    const trainImages = labels.positives[i]!
    if (trainImages < config.minClassImages) return
    headOf[i] = classes.length
    classes.push({ ...c, trainImages })
  })
  const chosen = (slot: number): boolean => {
    for (let e = labels.start[slot]!, end = e + labels.length[slot]!; e < end; e++) {
      if (labels.human[e] === 1 && headOf[labels.candidate[e]!]! >= 0) return true
    }
    return false
  }
  const lists = splitByHash(images, chosen, config.validationFraction, { train: config.maxImages, validation: config.maxValidationImages })
  const [trainImages, validationImages] = describeImages(db, images, [lists.train, lists.validation])
  return {
    classes,
    train: sparseRows(labels, headOf, classes.length, lists.train, trainImages!),
    validation: sparseRows(labels, headOf, classes.length, lists.validation, validationImages!),
  }
}

/**
 * Writes image `index`'s targets into `out[offset, offset + classCount)` (zeros, then its entries):
 * how the batcher fills a batch's target matrix.
 */
export function targetsOf(split: LabelSplit, index: number, out: Float32Array, offset: number): void {
  out.fill(0, offset, offset + split.classCount)
  for (let e = split.rowStart[index]!, end = split.rowStart[index + 1]!; e < end; e++) {
    out[offset + split.classIndexes[e]!] = split.values[e]!
  }
}

/** Writes 1 where a human labelled the class (present or verified absent), 0 elsewhere: a loss mask. */
export function knownOf(split: LabelSplit, index: number, out: Uint8Array | Float32Array, offset: number): void {
  out.fill(0, offset, offset + split.classCount)
  for (let e = split.rowStart[index]!, end = split.rowStart[index + 1]!; e < end; e++) {
    if (split.human[e] === 1) out[offset + split.classIndexes[e]!] = 1
  }
}

interface Candidates {
  list: Array<{ id: number; code: string; name: string }>
  /** Candidate index of a class id, −1 when the class is not selectable. */
  indexOfId: Int32Array
}

function candidateClasses(db: Db, selection: RunConfig['classes']): Candidates {
  const where = { trainable: 'trainable = 1', boxable: 'boxable = 1', all: '1' }[selection]
  const list = db.prepare(`SELECT id, code, name FROM classes WHERE ${where} ORDER BY code`).all() as Candidates['list']
  const maxId = list.reduce((max, c) => Math.max(max, c.id), 0)
  const indexOfId = new Int32Array(maxId + 1).fill(-1)
  list.forEach((c, i) => (indexOfId[c.id] = i))
  return { list, indexOfId }
}

/**
 * The label pass: the primary key in order (an image's rows, then a class's, arrive together; no sort),
 * never labels_by_class (which would need a sort of every row).
 */
export function labelScanSql(withMachine: boolean): string {
  const sources = withMachine ? [verification, crowdsource, machine] : [verification, crowdsource]
  return `SELECT image_id, class_id, source, confidence FROM labels NOT INDEXED WHERE source IN (${sources.join(', ')}) ORDER BY image_id, class_id, source`
}

interface CollectedLabels {
  /** Per image slot: its entries' first index and count. */
  start: Uint32Array
  length: Uint32Array
  candidate: Uint32Array
  value: Float32Array
  human: Uint8Array
  /** Per candidate class: human-positive images in the training part. */
  positives: Uint32Array
}

function collectLabels(
  db: Db,
  images: TrainingImages,
  candidates: Candidates,
  fraction: number,
  machineLabels: StageConfig['machineLabels'],
): CollectedLabels {
  const start = new Uint32Array(images.count)
  const length = new Uint32Array(images.count)
  const candidate = growUint32()
  const value = growFloat32()
  const human = growUint8()
  const positives = new Uint32Array(candidates.list.length)
  const rows = db.prepare(labelScanSql(machineLabels.use)).raw()
  let slot = -1
  let cls = -1
  let image = -1
  let classId = -1
  let humanValue = -1
  let machineValue = -1
  const append = (target: number, isHuman: number): void => {
    if (length[slot] === 0) start[slot] = candidate.length
    candidate.push(cls)
    value.push(target)
    human.push(isHuman)
    length[slot]!++
  }
  const flush = (): void => {
    if (slot < 0 || cls < 0) return
    if (humanValue >= 0) {
      const present = humanValue >= 0.5 ? 1 : 0
      append(present, 1)
      if (present === 1 && images.hashes[slot]! >= fraction) positives[cls]!++
    } else if (machineValue >= machineLabels.minConfidence && machineValue * machineLabels.weight > 0 && images.hashes[slot]! >= fraction) {
      append(machineValue * machineLabels.weight, 0)
    }
  }
  for (const [imageId, rowClassId, source, confidence] of rows.iterate() as Iterable<[number, number, number, number]>) {
    if (imageId !== image || rowClassId !== classId) {
      flush()
      if (imageId !== image) slot = imageId < images.slotOfId.length ? images.slotOfId[imageId]! : -1
      image = imageId
      classId = rowClassId
      cls = rowClassId < candidates.indexOfId.length ? candidates.indexOfId[rowClassId]! : -1
      humanValue = machineValue = -1
    }
    if (source === machine) machineValue = Math.max(machineValue, confidence)
    else humanValue = Math.max(humanValue, confidence)
  }
  flush()
  return { start, length, candidate: candidate.view(), value: value.view(), human: human.view(), positives }
}

function sparseRows(labels: CollectedLabels, headOf: Int32Array, classCount: number, slots: Uint32Array, images: SampleImage[]): LabelSplit {
  const rowStart = new Uint32Array(slots.length + 1)
  let entries = 0
  slots.forEach((slot, i) => {
    rowStart[i] = entries
    for (let e = labels.start[slot]!, end = e + labels.length[slot]!; e < end; e++) if (headOf[labels.candidate[e]!]! >= 0) entries++
  })
  rowStart[slots.length] = entries
  const classIndexes = new Uint32Array(entries)
  const values = new Float32Array(entries)
  const human = new Uint8Array(entries)
  let at = 0
  for (const slot of slots) {
    for (let e = labels.start[slot]!, end = e + labels.length[slot]!; e < end; e++) {
      const head = headOf[labels.candidate[e]!]!
      if (head < 0) continue
      classIndexes[at] = head
      values[at] = labels.value[e]!
      human[at++] = labels.human[e]!
    }
  }
  return { images, classCount, rowStart, classIndexes, values, human }
}
