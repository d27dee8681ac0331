import { z } from 'zod'

/**
 * What the Kaggle pipeline does about a test set that differs from training (the Inclusive Images stage 2:
 * other places, another class prior, fewer labels per image), step by step. Each part can be turned off;
 * `defaultShiftAdaptation` is the combination `npm run bench:shift` chose (bench/README.md), `noShiftAdaptation`
 * the pipeline before any of it (the bench's baseline). docs/shift.md says what each does and what it bought.
 */

/**
 * Which checkpoints the pipeline predicts with: the labels stage's best, or `snapshot`, the ensemble of the
 * best and the last epochs the trainer keeps (each folder once), their probabilities averaged per image: no
 * training time, a forward pass per checkpoint.
 */
export const kaggleCheckpointChoices = ['best', 'snapshot'] as const
export type KaggleCheckpoints = (typeof kaggleCheckpointChoices)[number]

export const decisionRules = ['thresholds', 'expected-f2'] as const
export type DecisionRule = (typeof decisionRules)[number]

export const shiftAdaptationSchema = z.strictObject({
  /** Train (labels stage): share of images shown in a new context, objects kept (config `contextAugmentation`); 0 off. */
  contextAugmentation: z.number().min(0).max(1),
  /** Train (labels stage): machine labels become soft targets of confidence × this weight; 0 off; null: as the preset or config says. */
  machineLabelWeight: z.number().min(0).max(1).nullable(),
  /** Predict: the test images normalised by their own batch-norm statistics (AdaBN). */
  adaptBatchNorm: z.boolean(),
  /** Predict: the best checkpoint, or the snapshot ensemble of the best and the last epochs. */
  checkpoints: z.enum(kaggleCheckpointChoices),
  /** Predict: input scales averaged (multi-scale TTA); [1]: one scale. */
  scales: z.array(z.number().positive().max(4)).min(1).max(8),
  /** Export: estimate the test images' class prior from the scores (EM, no labels) and adjust their scores to it. */
  priorShift: z.boolean(),
  /** Export: a row's labels are those over their thresholds, or the set with the highest expected F2. */
  decision: z.enum(decisionRules),
  /** Export: per-class thresholds shrunk toward their parent's or the global one; 'auto' cross-validates the strength, 0 is off. */
  shrink: z.union([z.literal('auto'), z.number().min(0).max(1000)]),
})
export type ShiftAdaptation = z.infer<typeof shiftAdaptationSchema>

/** The pipeline as it was before (issue 16): the bench's baseline. */
export const noShiftAdaptation: ShiftAdaptation = {
  contextAugmentation: 0,
  machineLabelWeight: null,
  adaptBatchNorm: false,
  checkpoints: 'best',
  scales: [1],
  priorShift: false,
  decision: 'thresholds',
  shrink: 0,
}

/**
 * What `oiw kaggle` and the Train tab's Kaggle action do unless told otherwise: what `npm run bench:shift`
 * chose (each technique that raised the shifted test's F2 alone): context augmentation and the snapshot
 * ensemble, 1.325× the baseline's stage-2 F2 at an 8-minute budget (docs/shift.md).
 */
export const defaultShiftAdaptation: ShiftAdaptation = {
  ...noShiftAdaptation,
  contextAugmentation: 0.5,
  checkpoints: 'snapshot',
}

/** Settings from a base and some changes; throws a ZodError naming the field when a value is out of range. */
export function resolveShiftAdaptation(changes: Partial<ShiftAdaptation> = {}, base: ShiftAdaptation = defaultShiftAdaptation): ShiftAdaptation {
  return shiftAdaptationSchema.parse({ ...base, ...changes })
}

/** The settings in words, for reports and logs: `context 50 %, machine labels × 0.5, prior shift, expected F2`. */
export function describeShiftAdaptation(a: ShiftAdaptation): string {
  const parts = [
    a.contextAugmentation > 0 ? `context augmentation ${Math.round(a.contextAugmentation * 100)} %` : '',
    a.machineLabelWeight !== null && a.machineLabelWeight > 0 ? `machine labels × ${a.machineLabelWeight}` : '',
    a.adaptBatchNorm ? 'batch norm adapted to the test images' : '',
    a.checkpoints === 'snapshot' ? 'snapshot ensemble' : '',
    a.scales.length > 1 || a.scales[0] !== 1 ? `scales ${a.scales.join(', ')}` : '',
    a.priorShift ? 'test prior estimated (EM)' : '',
    a.decision === 'expected-f2' ? 'expected-F2 labels' : '',
    a.shrink === 'auto' ? 'thresholds shrunk (cross-validated)' : a.shrink > 0 ? `thresholds shrunk (${a.shrink})` : '',
  ].filter(Boolean)
  return parts.length > 0 ? parts.join(', ') : 'none'
}
