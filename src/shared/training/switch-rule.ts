import type { SwitchRule } from './config'

/**
 * Whether to switch to `rule.to` at the start of `epoch` (1-based, the epoch about to start), given the
 * validation metric of every finished epoch (`history[0]` is epoch 1; higher is better). A stage switches
 * at most once, so this is false once `alreadySwitched`.
 *
 * - `atEpoch`: switch when `epoch ≥ atEpoch` (≥, so a run resumed past that epoch still switches).
 * - `plateauPatience`: switch when the last `plateauPatience` finished epochs all failed to beat the best
 *   earlier value by more than `minDelta` (like PyTorch's ReduceLROnPlateau in max mode with an absolute
 *   threshold; NaN never counts as an improvement). Needs at least `plateauPatience + 1` finished epochs.
 * Either condition suffices when both are set.
 */
export function shouldSwitch(rule: SwitchRule, epoch: number, history: number[], alreadySwitched: boolean): boolean {
  if (alreadySwitched) return false
  if (rule.atEpoch !== undefined && epoch >= rule.atEpoch) return true
  if (rule.plateauPatience !== undefined) return epochsWithoutImprovement(history, rule.minDelta) >= rule.plateauPatience
  return false
}

/** Finished epochs since the last one that beat the best before it by more than `minDelta` (the first epoch sets the best; all NaN: every epoch). */
export function epochsWithoutImprovement(history: number[], minDelta: number): number {
  let best = Number.NaN
  let lastImprovement = -1
  history.forEach((value, index) => {
    if (Number.isNaN(value)) return
    if (Number.isNaN(best) || value > best + minDelta) {
      best = value
      lastImprovement = index
    }
  })
  return lastImprovement < 0 ? history.length : history.length - 1 - lastImprovement
}
