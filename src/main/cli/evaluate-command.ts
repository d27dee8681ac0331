import type { Command } from 'commander'
import type { ClassScore } from '../../shared/metric/f2'
import { evaluateSubmission, type EvaluationReport } from '../services/evaluation/evaluate-submission'
import type { ProblemReport } from '../services/evaluation/problem-log'

interface EvaluateFlags {
  truth: string
  submission: string
  perClass?: boolean
  json?: boolean
}

const tableRows = 50
const out = (line: string) => process.stdout.write(`${line}\n`)
const n = (value: number) => value.toLocaleString('en-US')

/** Problems by kind, then the first ones with file:line. Shared by `evaluate` and `validate-submission`. */
export function printProblems(title: string, problems: ProblemReport): void {
  if (problems.total === 0) return
  out(`${title} ${n(problems.total)}: ${Object.entries(problems.byKind).map(([kind, count]) => `${kind} ${n(count)}`).join(', ')}`)
  for (const problem of problems.examples) out(`  ${problem.where}: ${problem.message}`)
}

function printClassTable(perClass: ClassScore[]): void {
  const fixed = (value: number) => value.toFixed(4).padStart(9)
  const count = (value: number) => n(value).padStart(9)
  out(`${'class'.padEnd(14)} ${'support'.padStart(9)} ${'precision'.padStart(9)} ${'recall'.padStart(9)} ${'F2'.padStart(9)} ${'TP'.padStart(9)} ${'FP'.padStart(9)} ${'FN'.padStart(9)}`)
  for (const c of perClass.slice(0, tableRows)) {
    out(`${c.code.padEnd(14)} ${count(c.support)} ${fixed(c.precision)} ${fixed(c.recall)} ${fixed(c.f2)} ${count(c.tp)} ${count(c.fp)} ${count(c.fn)}`)
  }
  if (perClass.length > tableRows) out(`… ${n(perClass.length - tableRows)} more classes (all of them with --json)`)
}

function printReport(report: EvaluationReport, perClass: boolean): void {
  printProblems('skipped malformed rows', report.problems)
  out(`missing images ${n(report.missingImages)} (scored 0), ignored ids ${n(report.ignoredIds)}, repeated rows ${n(report.repeatedRows)}; ${report.seconds} s`)
  if (perClass) printClassTable(report.perClass)
  out(`mean F2 ${report.meanF2.toFixed(4)} over ${report.images} images`)
}

/**
 * `oiw evaluate --truth SOLUTION.csv --submission SUB.csv`: the mean F2 of a submission (docs/formats.md),
 * optionally per class. Both files are streamed; the last line printed is `mean F2 0.xxxx over N images`.
 */
export function registerEvaluateCommand(program: Command): void {
  program
    .command('evaluate')
    .description('score a submission against a solution file with the mean F2 of the challenge')
    .requiredOption('--truth <file>', 'solution CSV without header: image_id,"code code" (like tuning_labels.csv)')
    .requiredOption('--submission <file>', 'submission CSV with header image_id,labels')
    .option('--per-class', 'also show precision, recall, F2 and TP/FP/FN per class (top 50 by support)')
    .option('--json', 'print one JSON object {meanF2, images, ignoredIds, repeatedRows, ...}; perClass (all classes) with --per-class')
    .addHelpText(
      'after',
      '\nImages of the solution missing from the submission score 0; ids the solution lacks are ignored and counted;\n' +
        'a repeated id counts once (its first row); duplicate labels count once. Malformed rows are skipped and reported.',
    )
    .action(async (flags: EvaluateFlags) => {
      const report = await evaluateSubmission(flags.truth, flags.submission)
      if (!flags.json) return printReport(report, !!flags.perClass)
      const { perClass, ...rest } = report
      process.stdout.write(`${JSON.stringify(flags.perClass ? { ...rest, perClass } : rest)}\n`)
    })
}
