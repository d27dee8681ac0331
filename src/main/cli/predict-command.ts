import type { Command } from 'commander'
import { ApiError } from '../../shared/errors'
import { backendNames, type BackendName } from '../../shared/training/protocol'
import { imageSetNames, type ImageSetName } from '../../worker/predict/image-sets'
import type { PredictionReport } from '../../worker/predict/predict-run'
import { epochRange } from '../../shared/training/prediction'
import { openWorkspaceFor } from '../app/open-workspace'
import { progressReporter } from './progress'

interface PredictFlags {
  workspace?: string
  run?: string
  runs?: string
  checkpoint: string
  images: string
  tta?: boolean
  adaptBatchNorm?: boolean
  fineTuneFolds: string
  fineTuneEpochs: string
  scales: string
  size?: string
  name?: string
  replace?: boolean
  topK: string
  floor: string
  batchSize: string
  backend?: string
  json?: boolean
  progressIpc?: boolean
}

const imageSets: readonly string[] = imageSetNames
const out = (line: string) => process.stdout.write(`${line}\n`)
const err = (line: string) => process.stderr.write(`${line}\n`)

function whole(flag: string, value: string, min: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min) throw new ApiError('invalid-argument', `${flag} takes a whole number of at least ${min}, not ${value}`, flag)
  return Number(value)
}

/** `--fine-tune-folds` and `--fine-tune-epochs` as predictRun's option (none for 0 folds). */
function fineTuneOf(flags: PredictFlags): { fineTune?: { folds: number; epochs: number } } {
  const folds = whole('--fine-tune-folds', flags.fineTuneFolds, 0)
  const epochs = whole('--fine-tune-epochs', flags.fineTuneEpochs, 1)
  if (folds === 1 || folds > 10) throw new ApiError('invalid-argument', `--fine-tune-folds takes 0 (off) or 2 to 10, not ${folds}`, '--fine-tune-folds')
  return folds > 0 ? { fineTune: { folds, epochs } } : {}
}

function printReport(r: PredictionReport): void {
  const n = (value: number) => value.toLocaleString('en-US')
  const views = r.views.length === 1 ? '1 view' : `${r.views.length} views (${r.views.map((v) => `${v.size} px${v.flip ? ' flipped' : ''}`).join(', ')})`
  const checkpoints = r.ensemble
    ? `ensemble of ${r.ensemble.length} checkpoints (${r.ensemble.map((c) => `run ${c.runId} ${c.name}`).join(' + ')})`
    : `checkpoint ${r.checkpoint.dir} (stage ${r.checkpoint.stage}, epoch ${r.checkpoint.epoch})`
  out(`${checkpoints}: ${n(r.classes)} classes, input ${r.size} px, ${views}`)
  if (r.fineTune) out(`fine-tuned on the tuning labels: ${r.fineTune.folds} folds × ${epochRange(r.fineTune.epochs)} epochs, ${n(r.fineTune.images)} images in ${r.fineTune.seconds.toFixed(1)} s; each tuning image scored by the fold that left it out`)
  const tuningAmong = r.imageSet === 'test' ? ` (${n(r.truthImages)} of them tuning images)` : ''
  out(`${r.imageSet} images: ${n(r.images)} predicted${tuningAmong}, ${n(r.withoutFile)} without a file, ${n(r.unreadable.count)} unreadable${r.unreadable.count > 0 ? ` (e.g. ${r.unreadable.examples[0]})` : ''}`)
  out(`${r.seconds.toFixed(1)} s, ${r.imagesPerSecond.toFixed(1)} images/s on ${r.backend}; ${n(r.rows)} scores stored (${(r.rows / Math.max(1, r.images)).toFixed(1)} per image)`)
  // the test images' truth is the tuning labels of those among them
  const metric = r.f2 === null ? '' : `; ${r.imageSet === 'test' ? 'tuning' : r.imageSet} F2 ${r.f2.toFixed(4)} at threshold ${r.threshold!.toFixed(3)}`
  out(`prediction set ${r.name}: ${n(r.images)} images, ${n(r.rows)} scores${metric}`)
}

/**
 * `oiw predict --run R`: scores an image set with a run's labels-stage checkpoint, or an ensemble of
 * checkpoints (`--checkpoint best,last`, `snapshot`, `--runs R1,R2`), flip and multi-scale TTA on request,
 * and stores the scores as a prediction set for `oiw export kaggle`. Runs in this process
 * (the app forks it like `oiw index`); Ctrl+C stops and writes nothing (exit code 130). The last line is
 * `prediction set NAME: N images, K scores[; tuning F2 0.xxxx at threshold 0.yyy]` (or the JSON report).
 */
export function registerPredictCommand(program: Command): void {
  program
    .command('predict')
    .description("score images with a run's checkpoint (or an ensemble of checkpoints) and store the scores as a prediction set")
    .option('-w, --workspace <dir>', 'workspace folder (default: the last one opened, else the demo workspace)')
    .option('--run <id>', 'the training run (or --runs)')
    .option('--runs <list>', "instead of --run: several runs (like 3,4) whose --checkpoint predict together, an ensemble; their heads must have the same classes in the same order")
    .option(
      '--checkpoint <list>',
      "best or last epoch of the run's last labels stage, snapshot (the best and the last two epochs, those training keeps) or a checkpoint folder; a comma list (best,last or best,last,DIR) predicts with their ensemble",
      'best',
    )
    .option('--images <set>', `which images: ${imageSets.join(', ')} (test: every test image, the tuning ones included; validation: the run's held-out train images)`, 'tuning')
    .option('--tta', 'test-time augmentation: average with the mirrored image')
    .option('--adapt-batch-norm', 'normalise the images by their own batch-norm statistics (the tuning images and the others apart): for a test set from other places')
    .option('--fine-tune-folds <k>', "fine-tune the checkpoint on the tuning labels in k folds first (0 off): each tuning image is scored by the fold's model that left it out, the other images by all k", '0')
    .option('--fine-tune-epochs <n>', "passes each fold's model makes over the other folds' tuning images", '8')
    .option('--scales <list>', 'input scales to average over (e.g. 1,1.15)', '1')
    .option('--size <px>', "input size (default: the run's validation size)")
    .option('--name <set>', 'prediction set name (default: run<R>-<images>[-tta]; an ensemble: run<R>[+<R2>…]-<images>-ensemble<N>[-tta])')
    .option('--replace', 'replace a prediction set of the same name')
    .option('--top-k <n>', 'classes stored per image, at least', '20')
    .option('--floor <score>', 'also store every class scoring at least this', '0.05')
    .option('--batch-size <n>', 'images per forward pass', '32')
    .option('--backend <name>', `force a backend: ${backendNames.join(', ')} (default: the best present)`)
    .option('--json', 'print the report as one JSON object')
    .option('--progress-ipc', 'send progress to the parent process (used by the app)')
    .addHelpText(
      'after',
      '\nF2 (tuning labels for tuning and for the tuning images among the test ones, human positives for validation\nand train) is the mean F2 at the best global threshold with 1 to 10 labels a row, as oiw export kaggle fits it.\nOne predict of the test images serves --fit-thresholds-on tuning and the submission for any sample file.\nCtrl+C stops and stores nothing.\n\n' +
        'Ensembles: with several checkpoints (--checkpoint best,last, snapshot, or --runs 3,4 for each run\'s --checkpoint)\n' +
        'every checkpoint scores every view of each image (decoded once per view size) and the sigmoid probabilities\n' +
        'are averaged before the top K are chosen, so the stored scores are the ensemble\'s. A folder named twice (best\n' +
        'is often the last epoch) counts once; at most 8 checkpoints, each a model in memory and a forward pass per view.\n' +
        'With --adapt-batch-norm each checkpoint is adapted on its own. The input size is the first checkpoint\'s\n' +
        "(--size to choose), --images validation is the first run's held-out images.",
    )
    .action(async (flags: PredictFlags) => {
      if (!imageSets.includes(flags.images)) throw new ApiError('invalid-argument', `--images takes ${imageSets.join(', ')}, not ${flags.images}`, '--images')
      if (flags.backend !== undefined && !backendNames.includes(flags.backend as BackendName)) {
        throw new ApiError('invalid-argument', `--backend takes ${backendNames.join(', ')}, not ${flags.backend}`, '--backend')
      }
      const floor = Number(flags.floor)
      if (flags.floor.trim() === '' || !(floor >= 0 && floor <= 1)) throw new ApiError('invalid-argument', `--floor takes a score in 0..1, not ${flags.floor}`, '--floor')
      if ((flags.run === undefined) === (flags.runs === undefined)) throw new ApiError('invalid-argument', 'pass --run R, or --runs R1,R2 for an ensemble of runs (one of the two)', '--run')
      // tfjs loads only for this command
      const [{ predictRun }, { parseScales }, { parseCheckpointList, parseRunList }] = await Promise.all([
        import('../../worker/predict/predict-run'),
        import('../../worker/predict/views'),
        import('../../worker/predict/ensemble'),
      ])
      const runIds = flags.runs !== undefined ? parseRunList(flags.runs) : [whole('--run', flags.run!, 1)]
      const checkpoints = parseCheckpointList(flags.checkpoint, runIds.length > 1)
      const options = {
        runId: runIds.length === 1 ? runIds[0]! : runIds,
        checkpoint: checkpoints.length === 1 ? checkpoints[0]! : checkpoints,
        images: flags.images as ImageSetName,
        tta: !!flags.tta,
        adaptBatchNorm: !!flags.adaptBatchNorm,
        ...fineTuneOf(flags),
        scales: parseScales(flags.scales),
        ...(flags.size !== undefined ? { size: whole('--size', flags.size, 32) } : {}),
        ...(flags.name !== undefined ? { name: flags.name } : {}),
        replace: !!flags.replace,
        topK: whole('--top-k', flags.topK, 1),
        floor,
        batchSize: whole('--batch-size', flags.batchSize, 1),
        ...(flags.backend ? { backend: flags.backend as BackendName } : {}),
      }
      const workspace = await openWorkspaceFor(flags.workspace, undefined, { create: false })
      const controller = new AbortController()
      const send = flags.progressIpc && process.send ? process.send.bind(process) : null
      let interrupts = 0
      const onSignal = () => {
        if (++interrupts > 1) process.exit(130)
        controller.abort()
        if (!send) err('stopping: nothing will be stored (Ctrl+C again to quit now)')
      }
      const show = progressReporter({ json: !!flags.json })
      let lastShown = 0
      process.on('SIGINT', onSignal)
      process.on('SIGTERM', onSignal)
      if (send) process.on('disconnect', onSignal) // the app that forked it went away
      try {
        const report = await predictRun(workspace.db, {
          ...options,
          signal: controller.signal,
          onBackend: (b) => (send ? send({ type: 'backend', backend: b }) : flags.json ? undefined : err(`predict: backend ${b.name} (${b.reason})`)),
          onFineTune: (done, total) => {
            const progress = { job: 'predict', phase: 'fine-tuning on the tuning labels', detail: `${done} of ${total} images`, done, total, finished: false }
            if (send) return send({ type: 'progress', progress })
            if (!process.stderr.isTTY && Date.now() - lastShown < 5000) return
            lastShown = Date.now()
            show(progress)
          },
          onProgress: (done, total, seconds) => {
            const rate = done / Math.max(seconds, 1e-3)
            const progress = { job: 'predict', phase: `${flags.images} images`, detail: `${rate.toFixed(1)} images/s, ETA ${Math.round((total - done) / Math.max(rate, 1e-3))} s`, done, total, finished: done === total }
            if (send) return send({ type: 'progress', progress })
            // a line at most every 5 s off a terminal (a bar on one)
            if (!process.stderr.isTTY && !progress.finished && Date.now() - lastShown < 5000) return
            lastShown = Date.now()
            show(progress)
          },
        })
        if (report === null) {
          if (send) send({ type: 'stopped' })
          else err('stopped: no prediction set was stored')
          process.exitCode = 130
          return
        }
        if (send) send({ type: 'done', report })
        else if (flags.json) out(JSON.stringify(report))
        else printReport(report)
      } finally {
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
        process.off('disconnect', onSignal)
        workspace.close()
      }
    })
}
