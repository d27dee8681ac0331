import type { Command } from 'commander'
import { resolve } from 'node:path'
import { truthKinds, type TruthKind } from '../../shared/api/evaluation'
import { ApiError } from '../../shared/errors'
import { openWorkspaceFor } from '../app/open-workspace'
import { exportOpenImages } from '../services/annotate/export-openimages'
import { exportKaggle, type ExportReport } from '../services/evaluation/export-kaggle'
import { adaptationOf, addAdaptationOptions, type AdaptationFlags } from './adaptation-flags'

interface ExportFlags extends AdaptationFlags {
  workspace?: string
  predictions: string
  fitThresholdsOn: string
  out: string
  sample?: string
  minLabels?: string
  maxLabels?: string
  minSupport?: string
  json?: boolean
}

const out = (line: string) => process.stdout.write(`${line}\n`)

function count(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) throw new ApiError('invalid-argument', `${flag} takes a whole number, not ${value}`, flag)
  return Number(value)
}

function printReport(report: ExportReport, sampled: boolean): void {
  const f = (value: number) => value.toFixed(4)
  const classes = Object.keys(report.perClassThresholds).length
  out(`prediction set ${report.predictions} (${report.kind}), fitted on ${report.tuningImages} images with truth`)
  out(`global threshold ${f(report.globalThreshold)}: tuning F2 ${f(report.globalF2)}, cross-validated ${f(report.crossValidated.globalF2)}`)
  out(`per-class thresholds (${classes} classes): tuning F2 ${f(report.perClassF2)}, cross-validated ${f(report.crossValidated.perClassF2)} (${report.crossValidated.folds} folds)`)
  const a = report.adaptation
  if (a?.shrink) out(`per-class thresholds pulled toward ${a.shrinkTowardParents ? "their parent's or " : ''}the global one with strength ${a.shrink} (cross-validated)`)
  out(`applied: ${report.applied === 'per-class' ? 'per-class thresholds (they cross-validate better)' : 'the global threshold (per-class ones do not cross-validate better)'}`)
  if (a?.prior) {
    const moved = a.prior.classes.slice(0, 5).map((c) => `${c.code} ${(100 * c.tuning).toFixed(1)} → ${(100 * c.estimatedTest).toFixed(1)} %`).join(', ')
    out(`test prior estimated on ${a.prior.targetImages} rows (EM): ${a.prior.labelsPerImage.tuning.toFixed(2)} labels per image on tuning → ${a.prior.labelsPerImage.estimatedTest.toFixed(2)} estimated; moved most: ${moved}`)
  }
  if (a?.hierarchy) {
    const h = a.hierarchy
    const share = `${(100 * h.agreement).toFixed(1)} % of the ${h.labelsWithParent} tuning labels of a class with a parent come with one`
    out(h.applied ? `scores made consistent with the hierarchy (${share})` : h.catalogHasHierarchy ? `scores left as they are: the tuning labels do not follow the hierarchy (${share})` : 'scores left as they are: the catalog has no class hierarchy (index one)')
  }
  if (a?.decision === 'expected-f2') out(`labels chosen by expected F2: tuning F2 ${f(a.expectedF2CrossValidated ?? 0)} (calibration cross-validated)`)
  if (report.filledRows > 0) out(`rows without scores filled with the most frequent tuning labels: ${report.filledRows}`)
  const left = report.leftOut
  if (left.images > 0) {
    const more = left.images > left.examples.length ? ', …' : ''
    out(`left out ${left.images} images the set scores that are ${sampled ? 'not in the sample' : 'not test images of the catalog'}: ${left.examples.join(', ')}${more}`)
  }
  out(`wrote ${report.rows} rows to ${report.file}`)
}

/**
 * `oiw export kaggle --predictions NAME --fit-thresholds-on tuning --out FILE`: a Kaggle submission from a
 * prediction set, with thresholds fitted on the tuning labels. The last line is `wrote N rows to FILE` (or the JSON).
 */
export function registerExportCommand(program: Command): void {
  const exportCommand = program.command('export').description('export results of the workspace')
  const kaggleCommand = exportCommand
    .command('kaggle')
    .description('write a Kaggle submission from a prediction set, with thresholds fitted on the tuning labels')
    .option('-w, --workspace <dir>', 'workspace folder (default: the last one opened, else the demo workspace)')
    .requiredOption('--predictions <name>', 'the prediction set (imported with oiw index --scores or --submission)')
    .requiredOption('--fit-thresholds-on <labels>', 'the labels to fit thresholds on: tuning (the tuning labels), or human (the human labels of the images the set scores, e.g. a run\'s validation images)')
    .requiredOption('--out <file>', 'the submission CSV to write')
    .option('--sample <file>', 'sample submission: write exactly its ids (default: every test image of the catalog)')
    .option('--min-labels <n>', 'fewest labels a row (rows left empty get the top-scoring labels)', '1')
    .option('--max-labels <n>', 'most labels a row', '10')
    .option('--min-support <n>', 'tuning images a class needs for a threshold of its own', '5')
    .option('--json', 'print the report as one JSON object')
  addAdaptationOptions(kaggleCommand, 'export')
  kaggleCommand.action(async (flags: ExportFlags) => {
      if (!truthKinds.includes(flags.fitThresholdsOn as TruthKind)) throw new ApiError('invalid-argument', `--fit-thresholds-on takes tuning or human, not ${flags.fitThresholdsOn}`)
      const workspace = await openWorkspaceFor(flags.workspace, undefined, { create: false })
      try {
        const report = await exportKaggle(workspace.db, {
          predictions: flags.predictions,
          out: resolve(flags.out),
          ...(flags.sample === undefined ? {} : { sample: resolve(flags.sample) }),
          minLabels: count('--min-labels', flags.minLabels),
          maxLabels: count('--max-labels', flags.maxLabels),
          minSupport: count('--min-support', flags.minSupport),
          truth: flags.fitThresholdsOn as TruthKind,
          adaptation: adaptationOf(flags, 'export'),
        })
        if (flags.json) out(JSON.stringify(report))
        else printReport(report, flags.sample !== undefined)
      } finally {
        workspace.close()
      }
    })
  exportCommand
    .command('openimages')
    .description('write train_human_labels.csv and train_bounding_boxes.csv with every edit merged (indexing them reproduces the catalog\'s labels and boxes)')
    .argument('<out-dir>', 'the folder to write the two files into (created if needed; files there of the same names are replaced)')
    .option('-w, --workspace <dir>', 'workspace folder (default: the last one opened, else the demo workspace)')
    .option('--json', 'print the report as one JSON object')
    .action(async (outDir: string, flags: { workspace?: string; json?: boolean }) => {
      const workspace = await openWorkspaceFor(flags.workspace, undefined, { create: false })
      try {
        const report = await exportOpenImages(workspace.db, resolve(outDir))
        if (flags.json) out(JSON.stringify(report))
        else out(`wrote ${report.humanLabels} human labels and ${report.boxes} boxes (${report.edits} edits merged) to ${report.dir}`)
      } finally {
        workspace.close()
      }
    })
}
