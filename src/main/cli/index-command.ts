import type { Command } from 'commander'
import type { IndexReport } from '../../shared/api/index'
import { duplicateRules } from '../../shared/api/indexing'
import { openWorkspaceFor } from '../app/open-workspace'
import { planIndex } from '../services/catalog/index-plan'
import { runIndex } from '../services/catalog/run-index'
import { indexProgressReporter } from './progress'

interface IndexFlags {
  workspace?: string
  json?: boolean
  submission?: string[]
  scores?: string[]
  scan?: boolean
  replaceWithEmpty?: boolean
  progressIpc?: boolean
}

function printReport(report: IndexReport): void {
  const out = (line: string) => process.stdout.write(`${line}\n`)
  const n = (value: number) => value.toLocaleString('en-US')
  for (const file of report.files) {
    const rate = file.seconds > 0 ? `${n(Math.round(file.rows / file.seconds))} rows/s` : ''
    out(`${file.file.padEnd(36)} ${n(file.rows).padStart(12)} rows ${String(file.seconds).padStart(8)} s  ${rate}`)
    if (file.skipped > 0) {
      out(`  skipped ${n(file.skipped)}: ${Object.entries(file.skippedByKind).map(([kind, count]) => `${kind} ${n(count)}`).join(', ')}`)
      for (const problem of file.problems) out(`    ${problem.where}: ${problem.message}`)
    }
    const repeats = file.duplicates
    if (repeats && repeats.count > 0) {
      out(`  repeated ${n(repeats.count)}: rows repeating the ${repeats.key} of an earlier row, ${duplicateRules[repeats.kept]}`)
      for (const example of repeats.examples) out(`    ${example.where}: ${example.message}`)
    }
    const dropped = file.testIdsDropped
    if (dropped) out(`  ${n(dropped.images)} test ids the sample no longer names: ${n(dropped.removed)} removed (nothing else referred to them), the rest kept in the split their other data gives`)
    const untuned = file.tuningIdsDropped
    if (untuned) out(`  ${n(untuned.images)} tuning images the file no longer names: ${n(untuned.removed)} removed (nothing else referred to them), the rest kept in the split their other data gives`)
  }
  out(`images on disk ${n(report.imagesOnDisk)}, referenced but missing ${n(report.imagesMissing)}, files without labels ${n(report.filesWithoutLabels)}`)
  out(`classes known ${n(report.classesKnown)}, unknown ${n(report.classesUnknown)}; ${report.seconds} s in all`)
}

/**
 * `oiw index [PATH…] [--workspace DIR] [--submission|--scores NAME=FILE]`: imports dataset files and
 * prediction sets into a workspace's catalog; the paths may be left out when only prediction sets are
 * added. Ctrl+C (or SIGTERM) stops after rolling back the file being imported. A file that would leave
 * none, or fewer than half, of the rows stored for its kind fails the run (exit status 1, the reason on
 * stderr; with --json also a JSON error on stdout) unless --replace-with-empty.
 */
export function registerIndexCommand(program: Command): void {
  program
    .command('index')
    .description('index dataset folders and files (docs/formats.md) into a workspace catalog')
    .argument('[paths...]', 'dataset folders (files found by name, images scanned), files, or KIND=FILE (e.g. human-labels=my.csv); optional with --submission or --scores')
    .option('-w, --workspace <dir>', 'workspace folder (default: the last one opened, else the demo workspace)')
    .option('--submission <name=file...>', 'also import a submission CSV as a named prediction set')
    .option('--scores <name=file...>', 'also import a scores CSV (image_id,label_code,score) as a named prediction set')
    .option('--no-scan', 'do not scan the folders for images')
    .option('--replace-with-empty', 'let a file replace the rows stored for its kind even when it leaves none, or fewer than half, of them (refused otherwise)')
    .option('--json', 'print the report as one JSON object')
    .option('--progress-ipc', 'send progress to the parent process (used by the app)')
    .addHelpText('after', '\nKinds: boxable-classes, classes, trainable-classes, hierarchy, human-labels, machine-labels, boxes,\ntuning-labels, sample-submission, submission, scores.')
    .action(async (paths: string[], flags: IndexFlags) => {
      const plan = planIndex(paths, { submissions: flags.submission ?? [], scores: flags.scores ?? [], scan: flags.scan !== false })
      const workspace = await openWorkspaceFor(flags.workspace)
      const controller = new AbortController()
      const stop = () => controller.abort()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      const send = flags.progressIpc && process.send ? process.send.bind(process) : null
      const reporter = send ? (progress: unknown) => send({ type: 'progress', progress }) : indexProgressReporter({ json: !!flags.json })
      try {
        const report = await runIndex(workspace.db, plan, { onProgress: reporter, signal: controller.signal, replaceWithEmpty: !!flags.replaceWithEmpty })
        if (send) send({ type: 'done', report })
        else if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`)
        else printReport(report)
      } finally {
        workspace.close()
      }
    })
}
