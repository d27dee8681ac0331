import type { Command } from 'commander'
import { validateSubmission, type ValidationReport } from '../services/evaluation/validate-submission'
import { printProblems } from './evaluate-command'

interface ValidateFlags {
  sample?: string
  classes?: string
  json?: boolean
}

function printReport(report: ValidationReport): void {
  const out = (line: string) => process.stdout.write(`${line}\n`)
  const extras = [
    report.sampleIds === undefined ? '' : `, ${report.sampleIds.toLocaleString('en-US')} sample ids`,
    report.classes === undefined ? '' : `, ${report.classes.count.toLocaleString('en-US')} known classes (${report.classes.format})`,
  ]
  out(`${report.file}: ${report.rows.toLocaleString('en-US')} rows${extras.join('')}`)
  printProblems('warnings', report.warnings)
  printProblems('problems', report.problems)
  out(report.valid ? 'valid' : `invalid: ${report.problems.total} problems`)
}

/**
 * `oiw validate-submission SUB.csv [--sample FILE] [--classes FILE]`: checks a submission against the
 * Kaggle rules before it is uploaded. Exit code 0 when valid, 1 when not; the last line is `valid` or
 * `invalid: N problems`.
 */
export function registerValidateCommand(program: Command): void {
  program
    .command('validate-submission')
    .description('check a submission CSV against the challenge rules (header, ids, label codes)')
    .argument('<submission>', 'submission CSV with header image_id,labels')
    .option('--sample <file>', 'sample submission: every one of its ids exactly once, and no other ids')
    .option('--classes <file>', 'class-descriptions.csv (no header) or classes-trainable.csv (header label_code): only these codes')
    .option('--json', 'print the report as one JSON object')
    .addHelpText('after', '\nLabels are separated by single spaces; an empty field is allowed. A label repeated in a row is a warning.\nExit code 0 when valid, 1 when not.')
    .action(async (file: string, flags: ValidateFlags) => {
      const options = { ...(flags.sample ? { sample: flags.sample } : {}), ...(flags.classes ? { classes: flags.classes } : {}) }
      const report = await validateSubmission(file, options)
      if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`)
      else printReport(report)
      if (!report.valid) process.exitCode = 1
    })
}
