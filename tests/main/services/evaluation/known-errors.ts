import { writeFileSync } from 'node:fs'
import type { Db } from '../../../../src/main/db/connection'

/** A prediction set over the tuning images with mistakes placed on purpose, and what an analysis must find. */
export interface KnownErrors {
  /** `image_id,label_code,score` rows. */
  rows: Array<[string, string, number]>
  /** The worst image: its one true label (`fn`) never scored, `fp` scored highest instead: F2 0. */
  worst: string
  /** The next worst: `fn` missed and `fp` predicted, its other labels right: F2 = (n−1)/n for n true labels. */
  second: string
  secondF2: number
  /** Tortoise: in no tuning truth, predicted on `worst` and `second` only. */
  fp: { code: string; name: string }
  /** Person: true on many tuning images, missed on `worst` and `second` only. */
  fn: { code: string; name: string }
  /** The tuning image the set leaves out (the last by id). */
  unscored: string
}

const tortoise = { code: '/m/011k07', name: 'Tortoise' }
const person = { code: '/m/01g317', name: 'Person' }

/**
 * Scores every tuning image but the last: its true labels 0.9 and one wrong tuning class 0.3 (so thresholds
 * matter), except two images that miss Person (never scored) and score Tortoise 0.95 instead. Tortoise has
 * no tuning support, so no fitted threshold can drop it; Person is not scored there, so none can find it.
 */
export function knownErrors(truth: ReadonlyMap<string, readonly string[]>): KnownErrors {
  const ids = [...truth.keys()].sort()
  const codes = [...new Set([...truth.values()].flat())].sort()
  const worst = ids.find((id) => truth.get(id)!.length === 1 && truth.get(id)![0] === person.code)!
  const second = ids.find((id) => truth.get(id)!.length >= 2 && truth.get(id)!.includes(person.code))!
  const unscored = ids.at(-1)!
  const rows: Array<[string, string, number]> = []
  ids.slice(0, -1).forEach((id, i) => {
    const labels = truth.get(id)!
    const wrongOnes = id === worst || id === second
    for (const code of labels) if (!(wrongOnes && code === person.code)) rows.push([id, code, 0.9])
    if (wrongOnes) rows.push([id, tortoise.code, 0.95])
    const wrong = codes[(i * 7) % codes.length]!
    if (!labels.includes(wrong)) rows.push([id, wrong, 0.3])
  })
  const n = truth.get(second)!.length
  return { rows, worst, second, secondF2: (n - 1) / n, fp: tortoise, fn: person, unscored }
}

/** The rows as a scores CSV, for the importer (`oiw index --scores NAME=FILE`). */
export function writeScoresCsv(file: string, rows: KnownErrors['rows']): void {
  writeFileSync(file, `image_id,label_code,score\n${rows.map((row) => row.join(',')).join('\n')}\n`)
}

/** The rows as a prediction set of kind `scores`, inserted directly (replacing one of the same name). */
export function insertPredictionSet(db: Db, name: string, rows: KnownErrors['rows']): void {
  db.transaction(() => {
    db.prepare('DELETE FROM prediction_sets WHERE name = ?').run(name)
    const setId = db.prepare("INSERT INTO prediction_sets (name, kind, file, created_at) VALUES (?, 'scores', 'known-errors', ?)").run(name, new Date().toISOString()).lastInsertRowid
    const insert = db.prepare(
      'INSERT INTO predictions (set_id, image_id, class_id, score) SELECT ?, i.id, c.id, ? FROM images i, classes c WHERE i.image_key = ? AND c.code = ?',
    )
    for (const [imageId, code, score] of rows) if (insert.run(setId, score, imageId, code).changes !== 1) throw new Error(`no image ${imageId} or class ${code}`)
  })()
}
