/**
 * Where a label comes from. Stored as a small integer (40 M rows at full scale), shown by name.
 * `verification` and `crowdsource-verification` are the two human sources of train_human_labels.csv.
 */
export const labelSources = ['verification', 'crowdsource-verification', 'machine', 'tuning'] as const
export type LabelSource = (typeof labelSources)[number]

export function labelSourceId(source: LabelSource): number {
  return labelSources.indexOf(source) + 1
}

export function labelSourceName(id: number): LabelSource {
  const name = labelSources[id - 1]
  if (name === undefined) throw new RangeError(`unknown label source id ${id}`)
  return name
}

export function isHumanSource(source: LabelSource): boolean {
  return source === 'verification' || source === 'crowdsource-verification'
}
