import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Random } from '../../../../src/shared/prng'

/** Scores CSVs whose test images have another class prior than the tuning images, and what was drawn. */
export interface ShiftedScores {
  /** `NAME=FILE` for `oiw index --scores`: `shifted` (tuning and test images) and `tuning-only`. */
  scores: string[]
  /** `sample-submission=FILE`: the test images' sample submission, to index before the scores (they score catalog images only). */
  sample: string
  /** The six commonest tuning classes, commonest first. */
  classes: string[]
  /** The fourth of them: present on `boostedPrior` of the test images. */
  boosted: string
  /** Per class, its share of the tuning images and of the test images as drawn. */
  tuningShare: Map<string, number>
  testShare: Map<string, number>
  testImages: number
}

export const boostedPrior = 0.5

/**
 * One noisy model (logit ±1.4 + 1.6·N(0,1): calibrated by the estimate on the tuning labels) scoring the six
 * commonest tuning classes on the tuning images and on `testImages` new test images, drawn with the tuning
 * prior except `boosted`, present on half of them, and their sample submission. `tuning-only` scores the tuning
 * images alone. Seeded.
 */
export function writeShiftedScores(dir: string, tuning: ReadonlyMap<string, readonly string[]>, testImages = 600): ShiftedScores {
  const random = new Random(7)
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random.float(0, 1))) * Math.cos(2 * Math.PI * random.float(0, 1))
  const score = (present: boolean) => (1 / (1 + Math.exp(-((present ? 1.4 : -1.4) + 1.6 * gaussian())))).toFixed(5)
  const tuningShare = new Map<string, number>()
  for (const labels of tuning.values()) for (const code of labels) tuningShare.set(code, (tuningShare.get(code) ?? 0) + 1 / tuning.size)
  const classes = [...tuningShare].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 6).map(([code]) => code)
  const boosted = classes[3]!
  const tuningLines = [...tuning].flatMap(([id, labels]) => classes.map((code) => `${id},${code},${score(labels.includes(code))}`))
  const testShare = new Map(classes.map((code) => [code, 0]))
  const testLines: string[] = []
  const testIds: string[] = []
  for (let i = 0; i < testImages; i++) {
    const id = `${random.hex32()}${random.hex32()}`.slice(0, 16)
    testIds.push(id)
    for (const code of classes) {
      const present = random.chance(code === boosted ? boostedPrior : tuningShare.get(code)!)
      if (present) testShare.set(code, testShare.get(code)! + 1 / testImages)
      testLines.push(`${id},${code},${score(present)}`)
    }
  }
  const write = (name: string, lines: string[]) => {
    writeFileSync(join(dir, `${name}.csv`), `image_id,label_code,score\n${lines.join('\n')}\n`)
    return `${name}=${join(dir, `${name}.csv`)}`
  }
  const scores = [write('shifted', [...tuningLines, ...testLines]), write('tuning-only', tuningLines)]
  const sample = join(dir, 'shifted-sample.csv')
  writeFileSync(sample, `image_id,labels\n${testIds.map((id) => `${id},\n`).join('')}`)
  return { scores, sample: `sample-submission=${sample}`, classes, boosted, tuningShare, testShare, testImages }
}
