import { Random } from '../../shared/prng'
import type { AugmentationLevel } from '../../shared/training/config'
import type { Box } from './box-samples'

/** What to do to one image: a pixel crop (stretched to the square input), flip, colour jitter, rotation. */
export interface AugmentationPlan {
  left: number
  top: number
  width: number
  height: number
  flip: boolean
  /** Multipliers (1: unchanged). */
  brightness: number
  saturation: number
  /** Degrees. */
  hue: number
  /** Degrees, counter-clockwise positive as in sharp. */
  angle: number
}

interface LevelRanges {
  minArea: number
  jitter: number
  hue: number
  angle: number
}

const levels: Record<Exclude<AugmentationLevel, 'none'>, LevelRanges> = {
  soft: { minArea: 0.6, jitter: 0.1, hue: 0, angle: 0 },
  hard: { minArea: 0.3, jitter: 0.25, hue: 10, angle: 10 },
}

/** A box crop takes this share of the box's width and height as context on each side. */
export const boxContext = 0.1

/**
 * Plans one sample's augmentation from its seed (same seed, same plan). The region is the whole image
 * or the box grown by 10% context on each side (clamped to the image); 'none' takes the region as is,
 * 'soft' and 'hard' a random resized crop of it (area share 0.6–1 or 0.3–1, aspect 3/4–4/3 log-uniform,
 * as torchvision's RandomResizedCrop) with a 50% horizontal flip and colour jitter.
 */
export function planAugmentation(width: number, height: number, box: Box | undefined, augmentation: AugmentationLevel, seed: number): AugmentationPlan {
  const region = regionOf(width, height, box)
  const plan: AugmentationPlan = { ...region, flip: false, brightness: 1, saturation: 1, hue: 0, angle: 0 }
  if (augmentation === 'none') return plan
  const ranges = levels[augmentation]
  const random = new Random(seed)
  const area = region.width * region.height
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * random.float(ranges.minArea, 1)
    const aspect = Math.exp(random.float(Math.log(3 / 4), Math.log(4 / 3)))
    const w = Math.round(Math.sqrt(target * aspect))
    const h = Math.round(Math.sqrt(target / aspect))
    if (w < 1 || h < 1 || w > region.width || h > region.height) continue
    plan.left = region.left + random.int(0, region.width - w)
    plan.top = region.top + random.int(0, region.height - h)
    plan.width = w
    plan.height = h
    break
  }
  plan.flip = random.chance(0.5)
  plan.brightness = random.float(1 - ranges.jitter, 1 + ranges.jitter)
  plan.saturation = random.float(1 - ranges.jitter, 1 + ranges.jitter)
  plan.hue = ranges.hue > 0 ? Math.round(random.float(-ranges.hue, ranges.hue)) : 0
  plan.angle = ranges.angle > 0 ? random.float(-ranges.angle, ranges.angle) : 0
  return plan
}

function regionOf(width: number, height: number, box: Box | undefined): Pick<AugmentationPlan, 'left' | 'top' | 'width' | 'height'> {
  if (!box) return { left: 0, top: 0, width, height }
  const dx = (box.xMax - box.xMin) * boxContext
  const dy = (box.yMax - box.yMin) * boxContext
  const left = clamp(Math.floor((box.xMin - dx) * width), 0, width - 1)
  const top = clamp(Math.floor((box.yMin - dy) * height), 0, height - 1)
  const right = clamp(Math.ceil((box.xMax + dx) * width), left + 1, width)
  const bottom = clamp(Math.ceil((box.yMax + dy) * height), top + 1, height)
  return { left, top, width: right - left, height: bottom - top }
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value))
