import type { DemoClass } from './demo-classes'
import type { ImageLayout } from './image-plan'
import type { Random } from '../../../shared/prng'

/** One row of train_human_labels.csv or train_machine_labels.csv, less the image id. */
export interface LabelRow {
  source: 'verification' | 'crowdsource-verification' | 'machine'
  code: string
  confidence: string
}

/** The distinct classes drawn in an image, in drawing order. */
export function drawnClasses(layout: ImageLayout): DemoClass[] {
  const seen = new Map<string, DemoClass>()
  for (const object of layout.objects) if (!seen.has(object.cls.code)) seen.set(object.cls.code, object.cls)
  return [...seen.values()]
}

/**
 * Human labels as verifiers would give them: every drawn class present (Confidence 1, a sixth of them from
 * crowdsourcing), some ancestors present too (Car → Land vehicle → Vehicle, each step with probability ½),
 * and 0–2 classes verified absent (Confidence 0) that neither appear nor are implied by what appears.
 */
export function planHumanLabels(random: Random, layout: ImageLayout, classes: readonly DemoClass[]): LabelRow[] {
  const drawn = drawnClasses(layout)
  const rows: LabelRow[] = []
  const present = new Set<string>()
  const add = (code: string): void => {
    if (present.has(code)) return
    present.add(code)
    const source = random.chance(1 / 6) ? 'crowdsource-verification' : 'verification'
    rows.push({ source, code, confidence: '1' })
  }
  for (const cls of drawn) add(cls.code)
  for (const cls of drawn) {
    for (const ancestor of cls.ancestors) {
      if (!random.chance(0.5)) break
      add(ancestor)
    }
  }
  const negatives = random.sample(absentClasses(drawn, classes), random.int(0, 2))
  for (const cls of negatives) rows.push({ source: 'verification', code: cls.code, confidence: '0' })
  return rows
}

/**
 * Machine labels as a classifier would give them: drawn classes at 0.6–1.0 (one in ten missed) and 0–3
 * absent classes at 0.1–0.5, one decimal like the real file.
 */
export function planMachineLabels(random: Random, layout: ImageLayout, classes: readonly DemoClass[]): LabelRow[] {
  const drawn = drawnClasses(layout)
  const rows: LabelRow[] = []
  for (const cls of drawn) {
    if (random.chance(0.9)) rows.push(machineRow(cls.code, random.int(6, 10)))
  }
  for (const cls of random.sample(absentClasses(drawn, classes), random.int(0, 3))) {
    rows.push(machineRow(cls.code, random.int(1, 5)))
  }
  return rows
}

function machineRow(code: string, tenths: number): LabelRow {
  return { source: 'machine', code, confidence: (tenths / 10).toFixed(1) }
}

/** Demo classes that are not drawn and not an ancestor of a drawn class (so "absent" is never a lie). */
function absentClasses(drawn: readonly DemoClass[], classes: readonly DemoClass[]): DemoClass[] {
  const implied = new Set(drawn.flatMap((cls) => [cls.code, ...cls.ancestors]))
  return classes.filter((cls) => !implied.has(cls.code))
}
