/** Which images a prediction scores: the tuning images, the test images, the run's held-out validation images, or its training images. */
export const imageSetNames = ['tuning', 'test', 'validation', 'train'] as const
export type ImageSetName = (typeof imageSetNames)[number]

/** Epochs of fine-tuning folds in words: `8`, or `3–4` where they differ. */
export function epochRange(epochs: readonly number[]): string {
  const low = Math.min(...epochs)
  const high = Math.max(...epochs)
  return low === high ? String(low) : `${low}–${high}`
}

/** What a prediction did. `f2` and `threshold`: the mean F2 at the best global threshold over `truthImages` (null without truth). */
export interface PredictionReport {
  name: string
  description: string
  runId: number
  /** `epoch`: the last epoch it finished (the one in progress for a mid-epoch save). */
  checkpoint: { dir: string; name: string; stage: number; epoch: number }
  /** An ensemble's checkpoints, whose probabilities were averaged (`checkpoint` is the first); absent for one checkpoint. */
  ensemble?: Array<{ runId: number; dir: string; name: string; stage: number; epoch: number }>
  /** Fine-tuned on the tuning labels first (each fold's model scored its held-out tuning images); `seconds` is part of `seconds`. */
  fineTune?: { folds: number; epochs: number[]; images: number; seconds: number }
  imageSet: ImageSetName
  images: number
  withoutFile: number
  unreadable: { count: number; examples: string[] }
  classes: number
  size: number
  views: Array<{ size: number; flip: boolean }>
  backend: string
  seconds: number
  imagesPerSecond: number
  rows: number
  truthImages: number
  f2: number | null
  threshold: number | null
}
