import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bestGlobalThreshold, selectLabels } from '../../src/shared/metric/thresholds'
import { tempDir } from '../helpers/temp-dir'

const root = join(__dirname, '..', '..')
const cli = join(root, 'out', 'main', 'cli.js')

/**
 * `oiw predict` end to end on the demo dataset: a tiny run trained on wasm, its best checkpoint scoring
 * the tuning images with flip TTA into a prediction set, the F2 it prints checked against the stored
 * scores, then `oiw export kaggle` and `oiw validate-submission` on the result; the test images (the tuning
 * ones among them) predicted once, exported for a stage-1 and a stage-2 sample.
 */
describe('oiw predict', () => {
  const temp = tempDir('oiw-predict-')
  const env = { ...process.env, OIW_HOME: temp.dir }
  const workspace = join(temp.dir, 'demo-workspace')
  const topK = 5
  let runId = 0
  let printedF2 = 0

  const oiw = (...args: string[]) => {
    const result = spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8' })
    return { status: result.status, lines: result.stdout.trimEnd().split('\n'), stderr: result.stderr }
  }
  const predict = (...args: string[]) => oiw('predict', '--workspace', workspace, '--backend', 'wasm', ...args)
  const query = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = new Database(join(workspace, 'catalog.sqlite'), { readonly: true })
    try {
      return db.prepare(sql).all(...params) as T[]
    } finally {
      db.close()
    }
  }
  const train = (...args: string[]): number => {
    const result = oiw('train', '--workspace', workspace, '--arch', 'small', '--width', '8', '--batch-size', '16', '--backend', 'wasm', '--json', ...args)
    expect(result.status, result.stderr).toBe(0)
    return (JSON.parse(result.lines.at(-1)!) as { run: { id: number } }).run.id
  }
  const tuningWithFile = () => query<{ id: number; key: string }>("SELECT id, image_key AS key FROM images WHERE split = 'tuning' AND path IS NOT NULL ORDER BY id")

  /** Gives some tuning images a file when the demo has none: a train image sharing a tuning label where one does. */
  function fileSomeTuningImages(count: number): void {
    const tuning = query<{ key: string }>("SELECT image_key AS key FROM images WHERE split = 'tuning' ORDER BY image_key LIMIT ?", count)
    const files = query<{ file: string }>("SELECT r.path || '/' || i.path AS file FROM images i JOIN image_roots r ON r.id = i.root_id WHERE i.split = 'train' ORDER BY i.id")
    const dir = join(temp.dir, 'tuning-files', 'tuning')
    mkdirSync(dir, { recursive: true })
    tuning.forEach(({ key }, i) => {
      const sharing = query<{ file: string }>(
        `SELECT r.path || '/' || i.path AS file FROM labels t JOIN labels h ON h.class_id = t.class_id AND h.source IN (1, 2) AND h.confidence = 1
         JOIN images i ON i.id = h.image_id AND i.split = 'train' JOIN image_roots r ON r.id = i.root_id
         WHERE t.image_id = (SELECT id FROM images WHERE image_key = ?) AND t.source = 4 ORDER BY h.image_id LIMIT 1 OFFSET ?`,
        key,
        i % 3,
      )[0]
      copyFileSync((sharing ?? files[i % files.length]!).file, join(dir, `${key}.jpg`))
    })
    const indexed = oiw('index', '--workspace', workspace, '--json', join(temp.dir, 'tuning-files'))
    expect(indexed.status, indexed.stderr).toBe(0)
  }

  beforeAll(() => {
    const made = oiw('info')
    expect(made.status, made.stderr).toBe(0)
    if (tuningWithFile().length === 0) fileSomeTuningImages(96)
    runId = train('--stages', 'labels', '--epochs', '4', '--input-sizes', '48')
  })
  afterAll(() => temp.remove())

  it('scores every tuning image with a file into a prediction set, top K or more each, TTA differing from one view', () => {
    const result = predict('--run', String(runId), '--tta', '--top-k', String(topK), '--floor', '0.2')
    expect(result.status, result.stderr).toBe(0)
    const images = tuningWithFile()
    const last = result.lines.at(-1)!
    const match = /^prediction set (\S+): (\d+) images, ([\d,]+) scores; tuning F2 (0\.\d{4}) at threshold (\d\.\d{3})$/.exec(last)
    expect(match, last).not.toBeNull()
    const [, name, imageCount, scoreCount, f2] = match!
    expect(name).toBe(`run${runId}-tuning-tta`)
    expect(Number(imageCount)).toBe(images.length)
    printedF2 = Number(f2)
    expect(printedF2).toBeGreaterThan(0)
    expect(result.stderr).toMatch(/predict: tuning images \d+\/\d+/)
    const set = query<{ id: number; kind: string; file: string }>('SELECT id, kind, file FROM prediction_sets WHERE name = ?', name)[0]!
    expect(set.kind).toBe('scores')
    expect(set.file).toMatch(new RegExp(`^run ${runId} checkpoint stage1-epoch\\d \\(tta\\)$`))
    const rows = query<{ imageId: number; classId: number; score: number }>('SELECT image_id AS imageId, class_id AS classId, score FROM predictions WHERE set_id = ?', set.id)
    expect(rows.length).toBe(Number(scoreCount!.replace(/,/g, '')))
    const perImage = new Map<number, number>()
    for (const row of rows) {
      perImage.set(row.imageId, (perImage.get(row.imageId) ?? 0) + 1)
      expect(row.score).toBeGreaterThanOrEqual(0)
      expect(row.score).toBeLessThanOrEqual(1)
    }
    for (const image of images) expect(perImage.get(image.id) ?? 0).toBeGreaterThanOrEqual(topK)
    const plain = predict('--run', String(runId), '--name', 'plain', '--top-k', String(topK), '--floor', '0.2', '--json')
    expect(plain.status, plain.stderr).toBe(0)
    expect(JSON.parse(plain.lines.at(-1)!)).toMatchObject({ name: 'plain', images: images.length, views: [{ size: 48, flip: false }] })
    const differ = query<{ n: number }>(
      "SELECT count(*) AS n FROM predictions a JOIN predictions b ON b.image_id = a.image_id AND b.class_id = a.class_id WHERE a.set_id = ? AND b.set_id = (SELECT id FROM prediction_sets WHERE name = 'plain') AND abs(a.score - b.score) > 1e-4",
      set.id,
    )[0]!.n
    expect(differ).toBeGreaterThan(0)
  })

  it('fine-tunes on the tuning labels in folds first, each tuning image scored by the fold that left it out', () => {
    const result = predict('--run', String(runId), '--fine-tune-folds', '2', '--fine-tune-epochs', '2', '--top-k', String(topK), '--name', 'fine-tuned')
    expect(result.status, result.stderr).toBe(0)
    const images = tuningWithFile().length
    expect(result.lines).toContainEqual(expect.stringMatching(new RegExp(`^fine-tuned on the tuning labels: 2 folds × 2 epochs, ${(2 * images).toLocaleString('en-US')} images in [\\d.]+ s; each tuning image scored by the fold that left it out$`)))
    expect(result.lines.at(-1)).toMatch(new RegExp(`^prediction set fine-tuned: ${images} images, [\\d,]+ scores; tuning F2 0\\.\\d{4}`))
    const set = query<{ file: string }>("SELECT file FROM prediction_sets WHERE name = 'fine-tuned'")[0]!
    expect(set.file).toMatch(/fine-tuned on the tuning labels \(2 folds × 2 epochs\)$/)
    expect(predict('--run', String(runId), '--fine-tune-folds', '1').stderr).toMatch(/--fine-tune-folds takes 0 \(off\) or 2 to 10, not 1/)
  })

  it('prints the F2 that the stored scores give, as oiw evaluate scores it', () => {
    const name = `run${runId}-tuning-tta`
    const scores = new Map<string, Array<[string, number]>>()
    for (const r of query<{ key: string; code: string; score: number }>(
      'SELECT i.image_key AS key, c.code, p.score FROM predictions p JOIN images i ON i.id = p.image_id JOIN classes c ON c.id = p.class_id WHERE p.set_id = (SELECT id FROM prediction_sets WHERE name = ?)',
      name,
    )) {
      if (!scores.has(r.key)) scores.set(r.key, [])
      scores.get(r.key)!.push([r.code, r.score])
    }
    const truth = new Map<string, string[]>()
    for (const line of readFileSync(join(root, 'resources', 'data', 'tuning_labels.csv'), 'utf8').trim().split('\n')) {
      const [id, labels] = line.split(',') as [string, string]
      if (scores.has(id)) truth.set(id, labels.replace(/"/g, '').trim().split(/\s+/))
    }
    expect(truth.size).toBe(scores.size)
    const policy = { minLabels: 1, maxLabels: 10 }
    const best = bestGlobalThreshold(scores, truth, policy)
    expect(best.f2.toFixed(4)).toBe(printedF2.toFixed(4))
    const solution = join(temp.dir, 'solution.csv')
    const submission = join(temp.dir, 'at-threshold.csv')
    writeFileSync(solution, [...truth].map(([id, labels]) => `${id},${labels.join(' ')}\n`).join(''))
    writeFileSync(submission, `image_id,labels\n${[...scores].map(([id, row]) => `${id},${selectLabels(row, { global: best.threshold, perClass: new Map() }, policy).join(' ')}\n`).join('')}`)
    const evaluated = oiw('evaluate', '--truth', solution, '--submission', submission)
    expect(evaluated.status, evaluated.stderr).toBe(0)
    expect(evaluated.lines.at(-1)).toBe(`mean F2 ${printedF2.toFixed(4)} over ${truth.size} images`)
  })

  it('exports the set as a Kaggle submission that validates', () => {
    const out = join(temp.dir, 'submission.csv')
    const exported = oiw('export', 'kaggle', '--workspace', workspace, '--predictions', `run${runId}-tuning-tta`, '--fit-thresholds-on', 'tuning', '--out', out, '--json')
    expect(exported.status, exported.stderr).toBe(0)
    const report = JSON.parse(exported.lines.at(-1)!) as { globalF2: number; tuningImages: number; rows: number }
    expect(report.globalF2.toFixed(4)).toBe(printedF2.toFixed(4))
    expect(report.tuningImages).toBe(tuningWithFile().length)
    const validated = oiw('validate-submission', out)
    expect(validated.status, validated.lines.join('\n')).toBe(0)
    expect(validated.lines.at(-1)).toBe('valid')
  })

  it('predicts the test images, tuning ones included, once for the tuning fit and the submission of any sample file', () => {
    // stage-1 test images besides the tuning ones, and stage-2 images (other ids), as files under test/
    const hex = (prefix: string, i: number) => `${prefix}${i.toString(16).padStart(4, '0')}`
    const stage1 = Array.from({ length: 8 }, (_, i) => hex('f0e1d2c3b4a5', i))
    const stage2Filed = Array.from({ length: 3 }, (_, i) => hex('e0e1d2c3b4a5', i))
    const stage2Unfiled = Array.from({ length: 3 }, (_, i) => hex('e0e1d2c3b4a6', i))
    const dir = join(temp.dir, 'test-files')
    mkdirSync(join(dir, 'test'), { recursive: true })
    const trainFiles = query<{ file: string }>("SELECT r.path || '/' || i.path AS file FROM images i JOIN image_roots r ON r.id = i.root_id WHERE i.split = 'train' ORDER BY i.id LIMIT 11")
    ;[...stage1, ...stage2Filed].forEach((id, i) => copyFileSync(trainFiles[i]!.file, join(dir, 'test', `${id}.jpg`)))
    const tuningIds = query<{ key: string }>("SELECT image_key AS key FROM images WHERE split = 'tuning' ORDER BY image_key").map((r) => r.key)
    const stage1Sample = join(dir, 'stage_1_sample_submission.csv')
    writeFileSync(stage1Sample, `image_id,labels\n${[...stage1, ...tuningIds].map((id) => `${id},/m/01g317\n`).join('')}`)
    const stage2Sample = join(temp.dir, 'stage_2_sample_submission.csv')
    writeFileSync(stage2Sample, `image_id,labels\n${[...stage2Unfiled, ...stage2Filed].map((id) => `${id},/m/01g317\n`).join('')}`)
    const indexed = oiw('index', '--workspace', workspace, '--json', dir)
    expect(indexed.status, indexed.stderr).toBe(0)
    expect(query<{ split: string }>("SELECT DISTINCT split FROM images WHERE image_key IN (?, ?, ?)", stage1[0], stage2Filed[0], tuningIds[0]).map((r) => r.split).sort()).toEqual(['test', 'tuning'])

    const predicted = predict('--run', String(runId), '--images', 'test', '--top-k', String(topK))
    expect(predicted.status, predicted.stderr).toBe(0)
    const tuning = tuningWithFile()
    const testImages = tuning.length + stage1.length + stage2Filed.length
    expect(predicted.lines).toContain(`test images: ${testImages} predicted (${tuning.length} of them tuning images), ${tuningIds.length - tuning.length} without a file, 0 unreadable`)
    const last = predicted.lines.at(-1)!
    const match = new RegExp(`^prediction set run${runId}-test: ${testImages} images, [\\d,]+ scores; tuning F2 (0\\.\\d{4}) at threshold \\d\\.\\d{3}$`).exec(last)
    expect(match, last).not.toBeNull()
    const scored = new Set(query<{ key: string }>(`SELECT DISTINCT i.image_key AS key FROM predictions p JOIN images i ON i.id = p.image_id WHERE p.set_id = (SELECT id FROM prediction_sets WHERE name = 'run${runId}-test')`).map((r) => r.key))
    for (const { key } of tuning) expect(scored.has(key), key).toBe(true)

    const exportTo = (out: string, ...sample: string[]) => {
      const result = oiw('export', 'kaggle', '--workspace', workspace, '--predictions', `run${runId}-test`, '--fit-thresholds-on', 'tuning', '--out', out, ...sample, '--json')
      expect(result.status, result.stderr).toBe(0)
      const report = JSON.parse(result.lines.at(-1)!) as { globalF2: number; tuningImages: number; rows: number; filledRows: number }
      const validated = oiw('validate-submission', out, ...sample)
      expect(validated.lines.at(-1), validated.lines.join('\n')).toBe('valid')
      return { report, ids: readFileSync(out, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0]!) }
    }
    const stage1Export = exportTo(join(temp.dir, 'stage1.csv'), '--sample', stage1Sample)
    expect(stage1Export.report.tuningImages).toBe(tuning.length)
    expect(stage1Export.report.globalF2.toFixed(4)).toBe(match![1])
    expect(stage1Export.ids).toEqual([...stage1, ...tuningIds])
    expect(stage1Export.report.filledRows).toBe(tuningIds.length - tuning.length)
    // stage 2: other ids; those with a file were predicted with the rest, the others are filled
    const stage2Export = exportTo(join(temp.dir, 'stage2.csv'), '--sample', stage2Sample)
    expect(stage2Export.ids).toEqual([...stage2Unfiled, ...stage2Filed])
    expect(stage2Export.report).toMatchObject({ tuningImages: tuning.length, rows: 6, filledRows: stage2Unfiled.length })
  })

  it('refuses a taken name without --replace, a run or checkpoint of boxes, another run’s checkpoint and a missing run', () => {
    const again = predict('--run', String(runId), '--tta')
    expect(again.status).toBe(1)
    expect(again.stderr).toMatch(/prediction set named run\d+-tuning-tta exists: pass --replace/)
    expect(predict('--run', String(runId), '--tta', '--replace').status).toBe(0)
    const boxes = train('--stages', 'boxes', '--epochs', '1', '--input-sizes', '32')
    expect(predict('--run', String(boxes)).stderr).toMatch(/run \d+ has no labels stage/)
    const dir = query<{ path: string }>('SELECT path FROM training_checkpoints WHERE run_id = ? AND kind = ?', boxes, 'epoch')[0]!.path
    expect(predict('--run', String(boxes), '--checkpoint', dir).stderr).toMatch(/stage 1 \(boxes\): its head scores box classes/)
    expect(predict('--run', String(runId), '--checkpoint', dir).stderr).toMatch(/is a checkpoint of run \d+, not of run \d+/)
    expect(predict('--run', '999').stderr).toMatch(/no run 999/)
  })

  it('stops on Ctrl+C and stores nothing', async () => {
    const child = spawn(process.execPath, [cli, 'predict', '--workspace', workspace, '--backend', 'wasm', '--run', String(runId), '--images', 'train', '--tta', '--scales', '1,2,3', '--batch-size', '4', '--name', 'interrupted'], { env })
    let stderr = ''
    const code = await new Promise<number | null>((done) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
        if (!child.killed && /predict: train images/.test(stderr)) child.kill('SIGINT')
      })
      child.on('exit', (exitCode) => done(exitCode))
    })
    expect(code, stderr).toBe(130)
    expect(stderr).toMatch(/stopped: no prediction set was stored/)
    expect(query("SELECT 1 FROM prediction_sets WHERE name = 'interrupted'")).toEqual([])
  })
})
