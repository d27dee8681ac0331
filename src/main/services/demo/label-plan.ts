import type { DemoClass } from './demo-classes'
import type { DrawnObject, ImageLayout } from './image-plan'
import type { Random } from '../../../shared/prng'

/** One row of train_human_labels.csv or train_machine_labels.csv, less the image id. */
export interface LabelRow {
  source: 'verification' | 'crowdsource-verification' | 'machine'
  code: string
  confidence: string
}

/**
 * How labels are planned, in chances per drawn class and [min, max] counts per image. Confidences of machine
 * labels are in tenths, drawn uniformly from the range.
 */
export interface LabelStyle {
  /** A drawn class is verified present by a human (else it has no human label, as most classes in Open Images). */
  verifyPresent: number
  /** Each next ancestor of a drawn class is labelled present too (stops at the first miss). */
  ancestorChance: number
  /** Classes verified absent per image. */
  negatives: readonly [number, number]
  /** A drawn class gets a machine label. */
  machineHit: number
  machinePresentTenths: readonly [number, number]
  /** Absent classes the machine labels anyway, per image, and their confidences. */
  machineFalse: readonly [number, number]
  machineFalseTenths: readonly [number, number]
}

/** The demo's labels: every drawn class verified, ancestors by halves, 0–2 negatives; a fairly good machine. */
export const demoLabelStyle: LabelStyle = {
  verifyPresent: 1,
  ancestorChance: 0.5,
  negatives: [0, 2],
  machineHit: 0.9,
  machinePresentTenths: [6, 10],
  machineFalse: [0, 3],
  machineFalseTenths: [1, 5],
}

/** The distinct classes drawn in an image, in drawing order. */
export function drawnClasses(layout: ImageLayout): DemoClass[] {
  const seen = new Map<string, DemoClass>()
  for (const object of layout.objects) if (!seen.has(object.cls.code)) seen.set(object.cls.code, object.cls)
  return [...seen.values()]
}

/**
 * Human labels as verifiers would give them: drawn classes present (Confidence 1, a sixth of them from
 * crowdsourcing; the demo verifies every one), some ancestors present too (Car → Land vehicle → Vehicle, each
 * step with the style's chance, ½ in the demo), and a few classes verified absent (Confidence 0) that neither
 * appear nor are implied by what appears.
 */
export function planHumanLabels(random: Random, layout: ImageLayout, classes: readonly DemoClass[], style: LabelStyle = demoLabelStyle): LabelRow[] {
  const drawn = drawnClasses(layout)
  const rows: LabelRow[] = []
  const present = new Set<string>()
  const add = (code: string): void => {
    if (present.has(code)) return
    present.add(code)
    const source = random.chance(1 / 6) ? 'crowdsource-verification' : 'verification'
    rows.push({ source, code, confidence: '1' })
  }
  for (const cls of drawn) if (style.verifyPresent >= 1 || random.chance(style.verifyPresent)) add(cls.code)
  visitSampledAncestors(random, drawn, style.ancestorChance, add)
  const negatives = random.sample(absentClasses(drawn, classes), random.int(...style.negatives))
  for (const cls of negatives) rows.push({ source: 'verification', code: cls.code, confidence: '0' })
  return rows
}

/**
 * The true labels of a test image, as the challenge's raters gave them: every drawn class, and ancestors only
 * now and then (`ancestorChance` per step), so test images carry fewer labels than training images. Distinct codes.
 */
export function planTruthLabels(random: Random, layout: ImageLayout, ancestorChance: number): string[] {
  const drawn = drawnClasses(layout)
  const codes = new Set(drawn.map((cls) => cls.code))
  visitSampledAncestors(random, drawn, ancestorChance, (code) => codes.add(code))
  return [...codes]
}

/** Visits each drawn class's ancestors, nearest first, each next one with probability `chance` (stops at the first miss). */
function visitSampledAncestors(random: Random, drawn: readonly DemoClass[], chance: number, visit: (code: string) => void): void {
  for (const cls of drawn) {
    for (const ancestor of cls.ancestors) {
      if (!random.chance(chance)) break
      visit(ancestor)
    }
  }
}

/**
 * Machine labels as a classifier would give them: drawn classes at high confidence (the demo: 0.6–1.0, one in
 * ten missed) and a few absent classes at low confidence (the demo: 0–3 at 0.1–0.5), one decimal like the real file.
 */
export function planMachineLabels(random: Random, layout: ImageLayout, classes: readonly DemoClass[], style: LabelStyle = demoLabelStyle): LabelRow[] {
  const drawn = drawnClasses(layout)
  const rows: LabelRow[] = []
  for (const cls of drawn) {
    if (random.chance(style.machineHit)) rows.push(machineRow(cls.code, random.int(...style.machinePresentTenths)))
  }
  for (const cls of random.sample(absentClasses(drawn, classes), random.int(...style.machineFalse))) {
    rows.push(machineRow(cls.code, random.int(...style.machineFalseTenths)))
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

/**
 * A train_bounding_boxes.csv row: the visible extent over the image size, 6 decimals, flags 0/1. `source` is
 * `xclick` (a human drew it) or `activemil` (a box a model proposed and a human verified).
 */
export function boxFields({ imageId, width, height }: ImageLayout, object: DrawnObject, source: 'xclick' | 'activemil' = 'xclick'): string[] {
  const { box } = object
  const norm = (value: number, size: number): string => (value / size).toFixed(6)
  const flag = (value: boolean): string => (value ? '1' : '0')
  return [
    imageId,
    source,
    object.cls.code,
    '1',
    norm(box.left, width),
    norm(box.right, width),
    norm(box.top, height),
    norm(box.bottom, height),
    flag(object.occluded),
    flag(object.truncated),
    '0',
    flag(object.depiction),
    '0',
  ]
}
