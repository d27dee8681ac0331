import type { Command } from 'commander'
import { ApiError } from '../../shared/errors'
import {
  decisionRules,
  defaultShiftAdaptation,
  kaggleCheckpointChoices,
  noShiftAdaptation,
  resolveShiftAdaptation,
  type DecisionRule,
  type KaggleCheckpoints,
  type ShiftAdaptation,
} from '../../shared/training/shift-adaptation'
import { parseScales } from '../../worker/predict/views'

/** The flags of `addAdaptationOptions`, as commander hands them over (undefined: not given). */
export interface AdaptationFlags {
  adapt?: string
  contextAugmentation?: string
  cutMix?: string
  machineLabels?: string
  adaptBatchNorm?: boolean
  scales?: string
  checkpoints?: string
  fineTuneFolds?: string
  fineTuneEpochs?: string
  priorShift?: boolean
  decision?: string
  hierarchy?: boolean
  shrink?: string
}

/**
 * Adds the shift-adaptation flags: all of them to `oiw kaggle` (`pipeline`, whose base is the bench's defaults),
 * the export's three to `oiw export kaggle` (`export`, whose base is none of it, as before).
 */
export function addAdaptationOptions(command: Command, scope: 'pipeline' | 'export'): Command {
  if (scope === 'pipeline') {
    command
      .option('--adapt <base>', "what to do about the test set's shift: default (what npm run bench:shift chose) or none; the flags below change parts of it", 'default')
      .option('--context-augmentation <share>', 'share of training images shown in a new context, objects kept (0 off)')
      .option('--cut-mix <share>', "share of each batch's images given a square of another, targets mixed by area (CutMix; 0 off)")
      .option('--machine-labels <weight>', 'machine labels as soft targets of confidence × weight (0 off; default: as the preset)')
      .option('--adapt-batch-norm', 'normalise the test images by their own batch-norm statistics')
      .option('--no-adapt-batch-norm', 'keep the batch-norm statistics of training')
      .option('--scales <list>', 'input scales averaged when predicting (multi-scale TTA, e.g. 1,1.25)')
      .option('--checkpoints <which>', `predict with: ${kaggleCheckpointChoices.join(' or ')} (the best and the last epochs kept, averaged)`)
      .option('--fine-tune-folds <k>', 'fine-tune the best checkpoint on the tuning labels in k folds before predicting (0 off); each tuning image is scored by the fold that left it out')
      .option('--fine-tune-epochs <n>', "passes each fold's model makes over the other folds' tuning images")
  }
  return command
    .option('--prior-shift', "estimate the test images' class prior from their scores (EM, no labels) and adjust the scores to it")
    .option('--no-prior-shift', "keep the tuning images' class prior")
    .option('--decision <rule>', `how a row's labels are chosen: ${decisionRules.join(' (per-class or global) or ')} (the set with the highest expected F2)`)
    .option('--hierarchy', "make scores consistent with the catalog's class hierarchy (an ancestor never below its descendants) where the tuning labels follow it")
    .option('--no-hierarchy', 'leave the scores as the model gave them')
    .option('--shrink <strength>', "pull per-class thresholds toward their parent's or the global one: auto (cross-validated), 0 (off) or a pseudo-count")
}

function share(flag: string, text: string): number {
  const value = Number(text)
  if (text.trim() === '' || !(value >= 0 && value <= 1)) throw new ApiError('invalid-argument', `${flag} takes a number from 0 to 1, not ${text}`, flag)
  return value
}

/** A whole number in [min, max] (and `allowed`), or an error naming the flag. */
function count(flag: string, text: string, min: number, max: number, allowed: (n: number) => boolean = () => true): number {
  const value = Number(text)
  if (!/^\d+$/.test(text.trim()) || value < min || value > max || !allowed(value)) {
    throw new ApiError('invalid-argument', `${flag} takes a whole number from ${min} to ${max}${allowed(1) ? '' : ' other than 1'}, not ${text}`, flag)
  }
  return value
}

/** The settings of the flags: `--adapt` (default for the pipeline, none for the export) as the base, each flag given changing its part. */
export function adaptationOf(flags: AdaptationFlags, scope: 'pipeline' | 'export'): ShiftAdaptation {
  const adapt = flags.adapt ?? (scope === 'pipeline' ? 'default' : 'none')
  if (adapt !== 'default' && adapt !== 'none') throw new ApiError('invalid-argument', `--adapt takes default or none, not ${adapt}`, '--adapt')
  const changes: Partial<ShiftAdaptation> = {}
  if (flags.contextAugmentation !== undefined) changes.contextAugmentation = share('--context-augmentation', flags.contextAugmentation)
  if (flags.cutMix !== undefined) changes.cutMix = share('--cut-mix', flags.cutMix)
  if (flags.machineLabels !== undefined) changes.machineLabelWeight = share('--machine-labels', flags.machineLabels)
  if (flags.adaptBatchNorm !== undefined) changes.adaptBatchNorm = flags.adaptBatchNorm
  if (flags.scales !== undefined) changes.scales = parseScales(flags.scales)
  if (flags.checkpoints !== undefined) {
    if (!(kaggleCheckpointChoices as readonly string[]).includes(flags.checkpoints)) throw new ApiError('invalid-argument', `--checkpoints takes ${kaggleCheckpointChoices.join(' or ')}, not ${flags.checkpoints}`, '--checkpoints')
    changes.checkpoints = flags.checkpoints as KaggleCheckpoints
  }
  if (flags.fineTuneFolds !== undefined) changes.fineTuneFolds = count('--fine-tune-folds', flags.fineTuneFolds, 0, 10, (n) => n !== 1)
  if (flags.fineTuneEpochs !== undefined) changes.fineTuneEpochs = count('--fine-tune-epochs', flags.fineTuneEpochs, 1, 100)
  if (flags.priorShift !== undefined) changes.priorShift = flags.priorShift
  if (flags.decision !== undefined) {
    if (!(decisionRules as readonly string[]).includes(flags.decision)) throw new ApiError('invalid-argument', `--decision takes ${decisionRules.join(' or ')}, not ${flags.decision}`, '--decision')
    changes.decision = flags.decision as DecisionRule
  }
  if (flags.hierarchy !== undefined) changes.hierarchy = flags.hierarchy
  if (flags.shrink !== undefined) {
    const strength = Number(flags.shrink)
    if (flags.shrink !== 'auto' && (flags.shrink.trim() === '' || !(strength >= 0 && strength <= 1000))) {
      throw new ApiError('invalid-argument', `--shrink takes auto or a number from 0 to 1000, not ${flags.shrink}`, '--shrink')
    }
    changes.shrink = flags.shrink === 'auto' ? 'auto' : strength
  }
  return resolveShiftAdaptation(changes, adapt === 'none' ? noShiftAdaptation : defaultShiftAdaptation)
}
