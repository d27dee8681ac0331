import { Random, hashSeed } from '../../../shared/prng'
import type { ChallengeClass } from './challenge-classes'
import { demoBackdrops, imageRandom, type Backdrop, type LayoutStyle } from './image-plan'

/**
 * How a test set's images differ from the training images, each from 0 (drawn like training) to 1 (the full
 * stage-2 shift), the way the Inclusive Images stage 2 came "from other regions of the world".
 */
export interface DomainShift {
  /** Share of the images drawn on backdrop palettes training never shows (other contexts). */
  backdrop: number
  /** How far the class prior moves from training's Zipf order to a shuffled one (some rare classes become common). */
  prior: number
  /** How far the objects per image move from training's 1–5 (mean 2.5) to 1–4 (mean 1.7): fewer labels per image. */
  fewerObjects: number
}

/** The shift of each test set. The tuning images are stage-1 test images, drawn like stage 1 (default) or like stage 2. */
export interface ShiftOptions {
  stage1: DomainShift
  stage2: DomainShift
  tuning: 'stage1' | 'stage2'
}

/** A named setting (`default`, `none`: every test set drawn like training) or parts of the options. */
export type ShiftSetting = 'default' | 'none' | Partial<ShiftOptions>

export const noShift: DomainShift = { backdrop: 0, prior: 0, fewerObjects: 0 }

/** Stage 1 a mild step from training, stage 2 a long way further in the same direction. */
export const defaultShift: ShiftOptions = {
  stage1: { backdrop: 0.1, prior: 0.2, fewerObjects: 0.5 },
  stage2: { backdrop: 0.85, prior: 0.8, fewerObjects: 1 },
  tuning: 'stage1',
}

/** The full options of a setting; a partial one fills from the default. Throws on strengths outside 0..1. */
export function resolveShift(setting: ShiftSetting = 'default'): ShiftOptions {
  const shift = setting === 'none' ? { stage1: noShift, stage2: noShift, tuning: 'stage1' as const } : { ...defaultShift, ...(setting === 'default' ? {} : setting) }
  for (const stage of ['stage1', 'stage2'] as const) {
    for (const [key, value] of Object.entries(shift[stage])) {
      if (!(value >= 0 && value <= 1)) throw new RangeError(`shift.${stage}.${key} must be from 0 to 1, got ${value}`)
    }
  }
  if (shift.tuning !== 'stage1' && shift.tuning !== 'stage2') throw new RangeError(`shift.tuning must be stage1 or stage2, got ${String(shift.tuning)}`)
  return shift
}

/** Backdrops no training image has: night street, red earth, jungle, snow, mauve dusk, mud. */
export const unseenBackdrops: readonly Backdrop[] = [
  ['#2b2d42', '#4a4e69'],
  ['#c1502e', '#f4a259'],
  ['#1b4332', '#52b788'],
  ['#f1faee', '#d8e2dc'],
  ['#6d597a', '#b56576'],
  ['#7f5539', '#ddb892'],
]

/** Objects per image (weights of 1, 2, … objects): training, and the far end of `fewerObjects`. */
const trainObjectCounts = [10, 25, 30, 20, 15]
const fewestObjectCounts = [45, 35, 15, 5, 0]

/** How one set's images are drawn: the layout style on training backdrops, on unseen ones, and their mix. */
export interface DrawProfile {
  seen: LayoutStyle
  unseen: LayoutStyle
  unseenShare: number
}

/**
 * The profile of a set drawn with `shift` (noShift: training's). `imageSize` is the longest side in pixels;
 * the prior's shuffle depends on the seed only, so stage 1 and stage 2 move the same way, stage 2 further.
 */
export function drawProfile(classes: readonly ChallengeClass[], imageSize: number, seed: number, shift: DomainShift): DrawProfile {
  const long = [Math.round(0.8 * imageSize), imageSize] as const
  const short = [Math.round(0.6 * imageSize), Math.round(0.8 * imageSize)] as const
  const seen: LayoutStyle = {
    size: { long, short, portraitChance: 0.2 },
    backdrops: demoBackdrops,
    classWeights: mix(classes.map((c) => c.weight), shuffledPrior(classes, seed), shift.prior),
    objectCounts: mix(trainObjectCounts, fewestObjectCounts, shift.fewerObjects),
    minShapeSide: Math.max(10, Math.round(imageSize / 10)),
    colourJitter: 10,
  }
  return { seen, unseen: { ...seen, backdrops: unseenBackdrops }, unseenShare: shift.backdrop }
}

/** The layout style of one image of a profile: on an unseen backdrop with the profile's share (its own PRNG stream). */
export function styleFor(profile: DrawProfile, seed: number, imageId: string): LayoutStyle {
  if (profile.unseenShare <= 0) return profile.seen
  return imageRandom(seed, imageId, 'context').chance(profile.unseenShare) ? profile.unseen : profile.seen
}

/** The training Zipf weights moved to other classes: the two commonest stay, the rest trade ranks at random. */
function shuffledPrior(classes: readonly ChallengeClass[], seed: number): number[] {
  const weights = classes.map((c) => c.weight)
  const tail = weights.slice(2)
  const random = new Random(hashSeed('prior-shift', seed))
  for (let i = tail.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[tail[i], tail[j]] = [tail[j]!, tail[i]!]
  }
  return [...weights.slice(0, 2), ...tail]
}

/** (1 − t)·a + t·b, each normalized to sum 1 first. */
function mix(a: readonly number[], b: readonly number[], t: number): number[] {
  const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0)
  const [sa, sb] = [sum(a), sum(b)]
  return a.map((x, i) => (1 - t) * (x / sa) + t * (b[i]! / sb))
}
