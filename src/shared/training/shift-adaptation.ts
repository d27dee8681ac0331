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
  /** Train (labels stage): share of each batch's images given a square of another (CutMix, config `cutMix`); 0 off. */
  cutMix: z.number().min(0).max(1),
  /** Train (labels stage): machine labels become soft targets of confidence × this weight; 0 off; null: as the preset or config says. */
  machineLabelWeight: z.number().min(0).max(1).nullable(),
  /** Predict: the test images normalised by their own batch-norm statistics (AdaBN). */
  adaptBatchNorm: z.boolean(),
  /**
   * Predict: fine-tune the best checkpoint on the tuning labels in this many folds first (0: none). Each fold's
   * model scores its held-out tuning images (the thresholds stay honest), all of them together the test images;
   * it replaces the snapshot ensemble (`checkpoints`), as the folds' models are one.
   */
  fineTuneFolds: z.number().int().min(0).max(10).refine((folds) => folds !== 1, { message: 'fine-tuning takes 0 (none) or 2 to 10 folds' }),
  /** Predict: passes each fold's model makes over the other folds' tuning images. */
  fineTuneEpochs: z.number().int().min(1).max(100),
  /** Predict: the best checkpoint, or the snapshot ensemble of the best and the last epochs. */
  checkpoints: z.enum(kaggleCheckpointChoices),
  /** Predict: input scales averaged (multi-scale TTA); [1]: one scale. */
  scales: z.array(z.number().positive().max(4)).min(1).max(8),
  /** Export: estimate the test images' class prior from the scores (EM, no labels) and adjust their scores to it. */
  priorShift: z.boolean(),
  /** Export: a row's labels are those over their thresholds, or the set with the highest expected F2. */
  decision: z.enum(decisionRules),
  /**
   * Export: scores made consistent with the catalog's class hierarchy (an ancestor never below its descendants)
   * where the tuning labels follow it (`minHierarchyAgreement` of the labels with a parent come with one).
   */
  hierarchy: z.boolean(),
  /** Export: per-class thresholds shrunk toward their parent's or the global one; 'auto' cross-validates the strength, 0 is off. */
  shrink: z.union([z.literal('auto'), z.number().min(0).max(1000)]),
})
export type ShiftAdaptation = z.infer<typeof shiftAdaptationSchema>

/** The pipeline as it was before (issue 16): the bench's baseline. */
export const noShiftAdaptation: ShiftAdaptation = {
  contextAugmentation: 0,
  cutMix: 0,
  machineLabelWeight: null,
  adaptBatchNorm: false,
  fineTuneFolds: 0,
  fineTuneEpochs: 8,
  checkpoints: 'best',
  scales: [1],
  priorShift: false,
  decision: 'thresholds',
  hierarchy: false,
  shrink: 0,
}

/**
 * What `oiw kaggle` and the Train tab's Kaggle action do unless told otherwise: what `npm run bench:shift`
 * chose (each technique that raised the shifted test's F2 alone by 1 % or more without lowering the tuning F2
 * by more than 0.01): context augmentation and fine-tuning on the tuning labels in 5 folds, 1.123× the
 * baseline's stage-2 F2 at an 8-minute budget, the tuning F2 0.004 higher (docs/shift.md).
 */
export const defaultShiftAdaptation: ShiftAdaptation = {
  ...noShiftAdaptation,
  contextAugmentation: 0.5,
  fineTuneFolds: 5,
}

/** Settings from a base and some changes; throws a ZodError naming the field when a value is out of range. */
export function resolveShiftAdaptation(changes: Partial<ShiftAdaptation> = {}, base: ShiftAdaptation = defaultShiftAdaptation): ShiftAdaptation {
  return shiftAdaptationSchema.parse({ ...base, ...changes })
}

/** The settings in words, for reports and logs: `context 50 %, machine labels × 0.5, prior shift, expected F2`. */
export function describeShiftAdaptation(a: ShiftAdaptation): string {
  const parts = [
    a.contextAugmentation > 0 ? `context augmentation ${Math.round(a.contextAugmentation * 100)} %` : '',
    a.cutMix > 0 ? `cut-mix ${Math.round(a.cutMix * 100)} %` : '',
    a.machineLabelWeight !== null && a.machineLabelWeight > 0 ? `machine labels × ${a.machineLabelWeight}` : '',
    a.adaptBatchNorm ? 'batch norm adapted to the test images' : '',
    a.fineTuneFolds > 0 ? `fine-tuned on the tuning labels (${a.fineTuneFolds} folds × ${a.fineTuneEpochs} epochs)` : a.checkpoints === 'snapshot' ? 'snapshot ensemble' : '',
    a.scales.length > 1 || a.scales[0] !== 1 ? `scales ${a.scales.join(', ')}` : '',
    a.priorShift ? 'test prior estimated (EM)' : '',
    a.decision === 'expected-f2' ? 'expected-F2 labels' : '',
    a.hierarchy ? 'scores consistent with the hierarchy' : '',
    a.shrink === 'auto' ? 'thresholds shrunk (cross-validated)' : a.shrink > 0 ? `thresholds shrunk (${a.shrink})` : '',
  ].filter(Boolean)
  return parts.length > 0 ? parts.join(', ') : 'none'
}
