import { parseArgs } from 'node:util'
import { defaultChallengeSetOptions, generateChallengeSet, type ChallengeSetManifest } from '../services/demo/challenge-set'

/**
 * `node out/main/challenge-set.js --dir D --solution-dir S [--train N --test N --tuning N --stage2 N --classes N
 * --seed N --size PX --shift default|none --tuning-like stage1|stage2] [--json]`: writes a challenge-shaped
 * dataset folder (docs/challenge-set.md) for end-to-end tests and F2 benchmarks. Prints one summary line, or
 * the manifest as one JSON line with --json. `--test` counts the stage-1 test images besides the tuning ones.
 */
const usage =
  'usage: node out/main/challenge-set.js --dir D --solution-dir S [--train N] [--test N] [--tuning N] [--stage2 N] ' +
  '[--classes N] [--seed N] [--size PX] [--shift default|none] [--tuning-like stage1|stage2] [--json]'

function whole(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${value}`)
  return n
}

function summary(m: ChallengeSetManifest): string {
  const { images: i, labelsPerImage: l } = m
  return (
    `challenge set ${m.dir}: train ${i.train}, stage-1 test ${i.stage1Test} + tuning ${i.tuning}, stage 2 ${i.stage2} images; ` +
    `${m.classes.drawn.length} classes drawn (${m.classes.trainable.length} trainable); ` +
    `${m.rows.humanLabels} human, ${m.rows.machineLabels} machine labels, ${m.rows.boxes} boxes; ` +
    `labels per image train ${l.train}, stage-1 test ${l.stage1Test}, tuning ${l.tuning}, stage 2 ${l.stage2}; ${m.seconds} s`
  )
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      'solution-dir': { type: 'string' },
      train: { type: 'string' },
      test: { type: 'string' },
      tuning: { type: 'string' },
      stage2: { type: 'string' },
      classes: { type: 'string' },
      seed: { type: 'string' },
      size: { type: 'string' },
      shift: { type: 'string', default: 'default' },
      'tuning-like': { type: 'string', default: 'stage1' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) return void process.stdout.write(`${usage}\n`)
  if (!values.dir || !values['solution-dir']) throw new Error(`--dir and --solution-dir are required\n${usage}`)
  if (values.shift !== 'default' && values.shift !== 'none') throw new Error(`--shift must be default or none, got ${values.shift}`)
  const tuningLike = values['tuning-like']
  if (tuningLike !== 'stage1' && tuningLike !== 'stage2') throw new Error(`--tuning-like must be stage1 or stage2, got ${tuningLike}`)
  const d = defaultChallengeSetOptions
  const manifest = await generateChallengeSet(values.dir, values['solution-dir'], {
    trainImages: whole('train', values.train, d.trainImages),
    stage1TestImages: whole('test', values.test, d.stage1TestImages),
    tuningImages: whole('tuning', values.tuning, d.tuningImages),
    stage2Images: whole('stage2', values.stage2, d.stage2Images),
    classes: whole('classes', values.classes, d.classes),
    seed: whole('seed', values.seed, d.seed),
    imageSize: whole('size', values.size, d.imageSize ?? 160),
    shift: values.shift === 'none' ? 'none' : { tuning: tuningLike },
  })
  process.stdout.write(`${values.json ? JSON.stringify(manifest) : summary(manifest)}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
})
