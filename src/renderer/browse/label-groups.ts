import type { ImageLabel } from '../../shared/api/index'
import { isHumanSource } from '../../shared/labels'

/** The label groups in the order the image view shows them. */
export const labelGroupKinds = ['human', 'machine', 'tuning'] as const
export type LabelGroupKind = (typeof labelGroupKinds)[number]

export interface LabelGroup {
  kind: LabelGroupKind
  title: string
  labels: ImageLabel[]
}

export const labelGroupTitles: Record<LabelGroupKind, string> = { human: 'Human', machine: 'Machine', tuning: 'Tuning' }

/** The group a label is shown in, by its source. */
export function labelGroupOf(label: ImageLabel): LabelGroupKind {
  if (isHumanSource(label.source)) return 'human'
  return label.source === 'machine' ? 'machine' : 'tuning'
}

/** A label's key among the image's labels: a class may have a human and a machine label. */
export const labelKey = (label: Pick<ImageLabel, 'source' | 'code'>) => `${label.source}:${label.code}`

/** A human label with confidence 0: a person checked and the class is absent. */
export function isNegative(label: ImageLabel): boolean {
  return isHumanSource(label.source) && label.confidence === 0
}

const byName = (a: ImageLabel, b: ImageLabel) => a.name.localeCompare(b.name)

/**
 * An image's labels grouped by source as the image view shows them: human (verification and
 * crowdsource-verification; positives first, then verified-absent), machine (most confident first),
 * tuning. Empty groups are left out.
 */
export function groupLabels(labels: readonly ImageLabel[]): LabelGroup[] {
  const buckets: Record<LabelGroupKind, ImageLabel[]> = { human: [], machine: [], tuning: [] }
  for (const label of labels) buckets[labelGroupOf(label)].push(label)
  buckets.human.sort((a, b) => Number(isNegative(a)) - Number(isNegative(b)) || byName(a, b))
  buckets.machine.sort((a, b) => b.confidence - a.confidence || byName(a, b))
  buckets.tuning.sort(byName)
  return labelGroupKinds
    .filter((kind) => buckets[kind].length > 0)
    .map((kind) => ({ kind, title: labelGroupTitles[kind], labels: buckets[kind] }))
}

/** How many labels each group holds, for the view's source toggles (zero for a group with none). */
export function labelGroupCounts(labels: readonly ImageLabel[]): Record<LabelGroupKind, number> {
  const counts: Record<LabelGroupKind, number> = { human: 0, machine: 0, tuning: 0 }
  for (const label of labels) counts[labelGroupOf(label)]++
  return counts
}

/** The human verdict on each class of an image's labels: verified present or verified absent. */
export function humanVerdicts(labels: readonly ImageLabel[]): Map<string, 'present' | 'absent'> {
  const verdicts = new Map<string, 'present' | 'absent'>()
  for (const label of labels) {
    if (!isHumanSource(label.source)) continue
    // A positive wins over a negative from the other human source.
    if (label.confidence > 0) verdicts.set(label.code, 'present')
    else if (!verdicts.has(label.code)) verdicts.set(label.code, 'absent')
  }
  return verdicts
}

/** The labels in the order the image view lists them, leaving out the groups switched off: what ↑/↓ step through. */
export function listedLabels(labels: readonly ImageLabel[], shown?: Readonly<Record<LabelGroupKind, boolean>>): ImageLabel[] {
  return groupLabels(labels)
    .filter((group) => !shown || shown[group.kind])
    .flatMap((group) => group.labels)
}
