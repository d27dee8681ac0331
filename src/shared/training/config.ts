import { z } from 'zod'
import { samplingSchemes } from '../sampling'

/**
 * A training run's configuration: what `oiw train --config run.json` reads, what the training page edits,
 * what the catalog stores with the run. Every field has a default, so `{}` is a valid (tiny) run and a
 * preset is just a partial config. Validated at every edge; errors name the field (`stages.1.optimizer.lr`).
 */

export const architectures = ['resnet18', 'resnet34', 'resnet50', 'small'] as const
export type Architecture = (typeof architectures)[number]

export const augmentationLevels = ['none', 'soft', 'hard'] as const
export type AugmentationLevel = (typeof augmentationLevels)[number]

export const optimizerNames = ['adam', 'adamw', 'sgd'] as const
export type OptimizerName = (typeof optimizerNames)[number]

export const scheduleKinds = ['constant', 'cosine', 'one-cycle', 'step'] as const
export type ScheduleKind = (typeof scheduleKinds)[number]

/** Stage 1 learns from crops of human boxes (softmax over box classes); stage 2 from whole images (multi-label). */
export const stageKinds = ['boxes', 'labels'] as const
export type StageKind = (typeof stageKinds)[number]

const positiveInt = z.number().int().positive()

export const modelConfigSchema = z.strictObject({
  arch: z.enum(architectures).default('small'),
  /** Channels of the first stage; ResNets double it at each of their four stages (64 is the paper's). */
  width: positiveInt.max(512).optional(),
})

export const optimizerConfigSchema = z.strictObject({
  name: z.enum(optimizerNames).default('adam'),
  /** Peak learning rate (after warmup). */
  lr: z.number().positive().max(10).default(1e-3),
  /** Decoupled for adamw, L2 added to the gradient for adam and sgd. */
  weightDecay: z.number().min(0).max(1).default(0),
  /** SGD only. */
  momentum: z.number().min(0).max(0.999).default(0.9),
  nesterov: z.boolean().default(false),
})
export type OptimizerConfig = z.infer<typeof optimizerConfigSchema>

/** When to switch optimizer (the seed switched Adam → SGD when progress stalled). */
export const switchRuleSchema = z.strictObject({
  to: optimizerConfigSchema,
  /** Switch at the start of this epoch (1-based) … */
  atEpoch: positiveInt.optional(),
  /** … or after this many epochs without the validation metric improving by more than `minDelta`. */
  plateauPatience: positiveInt.optional(),
  minDelta: z.number().min(0).default(0.001),
})
export type SwitchRule = z.infer<typeof switchRuleSchema>

export const scheduleConfigSchema = z.strictObject({
  kind: z.enum(scheduleKinds).default('cosine'),
  /** Linear warmup from 0 over this many steps (all kinds). */
  warmupSteps: z.number().int().min(0).default(0),
  /** step: multiply by `gamma` every `stepEpochs` epochs. */
  stepEpochs: positiveInt.default(10),
  gamma: z.number().positive().max(1).default(0.1),
  /** cosine and one-cycle end at lr × finalFraction. */
  finalFraction: z.number().min(0).max(1).default(0.01),
})
export type ScheduleConfig = z.infer<typeof scheduleConfigSchema>

/** Loss terms for the multi-label stage, summed with these weights (at least one non-zero). */
export const lossConfigSchema = z
  .object({
    bce: z.number().min(0).default(1),
    focal: z.number().min(0).default(0),
    softF2: z.number().min(0).default(0),
    focalGamma: z.number().min(0).max(10).default(2),
  })
  .refine((l) => l.bce + l.focal + l.softF2 > 0, { message: 'at least one loss weight must be above 0' })
export type LossConfig = z.infer<typeof lossConfigSchema>

export const samplingConfigSchema = z.strictObject({
  scheme: z.enum(samplingSchemes).default('none'),
  beta: z.number().gt(0).lt(1).default(0.999),
})

export const stageConfigSchema = z.strictObject({
  kind: z.enum(stageKinds),
  epochs: positiveInt.max(10_000).default(1),
  /** Cap on the samples one epoch draws (whole catalog epochs are long); default: every sample once. */
  samplesPerEpoch: positiveInt.optional(),
  batchSize: positiveInt.max(4096).default(16),
  /** Square input sizes in pixels; each batch draws one (multi-scale training through global pooling). */
  inputSizes: z.array(z.number().int().min(16).max(1024)).min(1).default([64]),
  augmentation: z.enum(augmentationLevels).default('soft'),
  sampling: samplingConfigSchema.prefault({}),
  optimizer: optimizerConfigSchema.prefault({}),
  switch: switchRuleSchema.optional(),
  schedule: scheduleConfigSchema.prefault({}),
  /** labels stage only. */
  loss: lossConfigSchema.prefault({}),
  /** labels stage: machine labels at or above `minConfidence` become soft targets (confidence × weight). */
  machineLabels: z
    .object({ use: z.boolean().default(false), minConfidence: z.number().min(0).max(1).default(0.5), weight: z.number().min(0).max(1).default(1) })
    .prefault({}),
  /**
   * labels stage: share of training images shown in a new context: every pixel outside the image's boxes
   * recoloured at random, the boxed objects kept as they are (cut-and-paste of the objects onto another
   * scene), so the model learns the objects rather than where training photographed them. For a test set
   * from other places (the stage-2 shift). Needs boxes; images without any are shown as they are.
   */
  contextAugmentation: z.number().min(0).max(1).default(0),
  /**
   * labels stage: share of each batch's images given a square of another image of the batch (CutMix), their
   * targets mixed by the pasted area: objects seen on pieces of other scenes, for a test set from elsewhere.
   */
  cutMix: z.number().min(0).max(1).default(0),
  /** labels stage: start from the previous stage's best backbone (true) or from scratch. */
  fromPreviousStage: z.boolean().default(true),
  /** With a time budget planned to fill: this stage's share of the training time (relative weight; default budget-plan.ts). */
  budgetShare: z.number().positive().max(1000).optional(),
})
export type StageConfig = z.infer<typeof stageConfigSchema>

export const classSelections = ['trainable', 'boxable', 'all'] as const

/** How a run with a time budget uses it (`runConfigSchema.budgetUse`). */
export const budgetUses = ['fill', 'stop'] as const
export type BudgetUse = (typeof budgetUses)[number]

export const runConfigSchema = z.strictObject({
  name: z.string().max(200).optional(),
  model: modelConfigSchema.prefault({}),
  stages: z.array(stageConfigSchema).min(1).max(4).prefault([{ kind: 'labels' }]),
  /** Classes of the multi-label head: the trainable ones (competition), the boxable ones, or every labelled one. */
  classes: z.enum(classSelections).default('trainable'),
  /** Classes with fewer human-positive training images are left out of the head. */
  minClassImages: positiveInt.default(1),
  /** Share of training images held out for validation, chosen by a hash of the image id (stable across runs). */
  validationFraction: z.number().gt(0).lt(1).default(0.1),
  /** Caps for quick runs: use at most this many training images (and validation images). */
  maxImages: positiveInt.optional(),
  maxValidationImages: positiveInt.optional(),
  seed: z.number().int().min(0).default(1),
  /** The run's time budget in seconds; it never runs past it and keeps the best checkpoint. */
  timeBudgetSeconds: z.number().positive().optional(),
  /**
   * With a budget: `fill` plans each stage's epochs, steps and learning-rate schedule from the speed measured in
   * its first batches so the schedule completes when the budget ends (stage.epochs is then only the plan's
   * start); `stop` trains the configured epochs and ends early if the budget runs out first.
   */
  budgetUse: z.enum(budgetUses).default('fill'),
  /**
   * Kept out of training at the end of the budget for what follows it (the `oiw kaggle` pipeline): fine-tuning on
   * `fineTuneImages` images and predicting `predictImages` images `views` times each, at the speed the run's
   * validation passes measure (a training image costs `forwardSpeedup` forward passes), plus `seconds`.
   */
  budgetReserve: z
    .strictObject({
      predictImages: z.number().int().min(0).default(0),
      views: z.number().int().min(1).max(64).default(1),
      /** Images fine-tuning trains on before predicting (each costs about a training step's share), all folds and epochs. */
      fineTuneImages: z.number().int().min(0).default(0),
      seconds: z.number().min(0).default(0),
    })
    .optional(),
  /** Images decoded at once (sharp's libuv threads); default: the number of cores. */
  dataWorkers: z.number().int().min(1).max(64).optional(),
  /** Besides the checkpoint at each epoch's end, save the run's position this often (resume mid-epoch). */
  checkpointEveryMinutes: z.number().positive().default(10),
})
export type RunConfig = z.infer<typeof runConfigSchema>
export type RunConfigInput = z.input<typeof runConfigSchema>

/** Parses a config, filling defaults; throws a ZodError whose issues name each bad field. */
export function parseRunConfig(input: unknown): RunConfig {
  return runConfigSchema.parse(input)
}
