import type { AnalysisSummary, ClassErrorSort, ImageErrorLabel, LabelOutcome, PredictionSetInfo, TruthKind } from '../../shared/api/evaluation'
import { formatCount } from '../app/format'

/** How each outcome looks everywhere on the Errors page: TP green, FP red, FN amber. */
export const outcomeStyle: Record<LabelOutcome, { label: string; title: string; colour: string; chip: 'success' | 'error' | 'warning' }> = {
  tp: { label: 'TP', title: 'true positive: predicted and true', colour: '#4caf50', chip: 'success' },
  fp: { label: 'FP', title: 'false positive: predicted, not true', colour: '#f44336', chip: 'error' },
  fn: { label: 'FN', title: 'false negative: true, not predicted', colour: '#ffb300', chip: 'warning' },
}

/** A metric in 0..1 as the page shows it: three decimals. */
export function formatMetric(value: number): string {
  return value.toFixed(3)
}

/** A label's chip text: its name (or code) and, when the set scored it, the score. */
export function labelChipText(label: ImageErrorLabel): string {
  const name = label.name || label.code
  return label.score === null ? name : `${name} ${label.score.toFixed(2)}`
}

/** The chip's tooltip: code, outcome in words, score against threshold. */
export function labelChipTitle(label: ImageErrorLabel): string {
  const score = label.score === null ? 'not scored' : `score ${label.score.toFixed(3)}`
  return `${label.code} · ${outcomeStyle[label.outcome].title} · ${score}, threshold ${label.threshold.toFixed(3)}`
}

/** The labels of one outcome, in the order the server gave (best score first). */
export function labelsOf(labels: readonly ImageErrorLabel[], outcome: LabelOutcome): ImageErrorLabel[] {
  return labels.filter((label) => label.outcome === outcome)
}

/** One line on the policy: which thresholds label the rows, and why. */
export function policyText(summary: AnalysisSummary): string {
  const t = summary.thresholds
  const labels = `${summary.minLabels}–${summary.maxLabels} labels a row`
  if (t.source === 'manual') return `manual global threshold ${formatMetric(t.global)}, ${labels}`
  const which =
    t.applied === 'per-class'
      ? `per-class thresholds for ${formatCount(t.perClassCount)} classes (they cross-validate better), global ${formatMetric(t.global)} for the rest`
      : `global threshold ${formatMetric(t.global)} (per-class ones do not cross-validate better)`
  return `${which}, ${labels}`
}

/** The cross-validation line of a fitted analysis, null for a manual threshold. */
export function crossValidationText(summary: AnalysisSummary): string | null {
  const fit = summary.thresholds.fit
  if (!fit) return null
  const cv = fit.crossValidated
  return `fitted F2 global ${formatMetric(fit.globalF2)} / per-class ${formatMetric(fit.perClassF2)}; cross-validated (${cv.folds} folds) ${formatMetric(cv.globalF2)} / ${formatMetric(cv.perClassF2)}`
}

/** A set in the picker: name, kind and how many tuning images, and images with human labels, it scores. */
export function setOptionText(set: PredictionSetInfo): string {
  return `${set.name} (${set.kind}, ${formatCount(set.images)} images, ${formatCount(set.tuningImages)} tuning, ${formatCount(set.humanImages)} human-labelled)`
}

/** The set to show first: the first one that scores images with truth, else the first. */
export function defaultSet(sets: readonly PredictionSetInfo[]): string | null {
  return (sets.find((set) => set.tuningImages > 0 || set.humanImages > 0) ?? sets[0])?.name ?? null
}

/** The truth to analyse a set against by default: its tuning images when it scores some, else its human-labelled ones. */
export function defaultTruth(set: PredictionSetInfo | undefined): TruthKind {
  return set && set.tuningImages === 0 && set.humanImages > 0 ? 'human' : 'tuning'
}

/** The next sort after a click on a column: the same column flips; a new one starts worst-first for errors. */
export function nextSort(current: { by: ClassErrorSort; descending: boolean }, by: ClassErrorSort): { by: ClassErrorSort; descending: boolean } {
  if (current.by === by) return { by, descending: !current.descending }
  return { by, descending: by === 'support' || by === 'fp' || by === 'fn' || by === 'tp' }
}

/** "51–100 of 485", or "none". */
export function rangeText(offset: number, count: number, total: number): string {
  return total === 0 ? 'none' : `${formatCount(offset + 1)}–${formatCount(offset + count)} of ${formatCount(total)}`
}

/** The mean F2 the fitted policy cross-validates to (the applied one's), null for a manual threshold. */
export function crossValidatedF2(summary: AnalysisSummary): number | null {
  const cv = summary.thresholds.fit?.crossValidated
  if (!cv) return null
  return summary.thresholds.applied === 'per-class' ? cv.perClassF2 : cv.globalF2
}

/** A change B − A of a metric: "+0.043", "−0.050" (a true minus), "0.000" only when nothing changed. */
export function formatChange(value: number): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${formatMetric(Math.abs(value))}`
}

/** The colour of a change: green up, red down. */
export function changeColour(value: number): string | undefined {
  return value > 0 ? 'success.main' : value < 0 ? 'error.main' : undefined
}
