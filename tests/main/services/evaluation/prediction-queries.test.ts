import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../../../src/main/db/connection'
import { countPredictionSet, ImageScoresReader, readHumanTruthImages, readTestImages, readTuningImages } from '../../../../src/main/db/queries/predictions'
import { fixtureWorkspace, type FixtureWorkspace } from '../../../helpers/fixture-workspace'
import { loggingDb, planOf, type LoggedQuery } from '../../db/queries/query-log'
import { insertPredictionSet, knownErrors } from './known-errors'
import { readTuning } from './noisy-scores'

/**
 * The plans of the evaluation queries (STYLE.md: assert the plan): a set's rows through the predictions
 * primary key, tuning images through images_by_split and the labels primary key; never a scan of
 * predictions or labels, which hold tens of millions of rows at full scale.
 */
describe('query plans of the prediction queries', () => {
  let fixture: FixtureWorkspace
  let setId: number
  beforeAll(async () => {
    fixture = await fixtureWorkspace(6)
    insertPredictionSet(fixture.workspace.db, 'plans', knownErrors(readTuning()).rows)
    setId = fixture.workspace.db.prepare("SELECT id FROM prediction_sets WHERE name = 'plans'").pluck().get() as number
  })
  afterAll(() => fixture?.remove())

  const plans = (run: (db: Db) => unknown): string[] => {
    const log: LoggedQuery[] = []
    run(loggingDb(fixture.workspace.db, log))
    return log.map((query) => planOf(fixture.workspace.db, query))
  }
  const scans = /\bSCAN (predictions|labels|p|l)\b/

  it('counts a set through its primary-key range and probes it per tuning image', () => {
    const [count, tuning, human] = plans((db) => countPredictionSet(db, setId))
    expect(human).toMatch(/SEARCH predictions USING (COVERING INDEX predictions_by_class|PRIMARY KEY) \(set_id=\?\)/)
    expect(human).toMatch(/SEARCH l (EXISTS )?USING PRIMARY KEY \(image_id=\?\)/)
    expect(human).not.toMatch(scans)
    expect(count).toMatch(/SEARCH predictions USING (COVERING INDEX predictions_by_class|PRIMARY KEY) \(set_id=\?\)/)
    expect(tuning).toMatch(/SEARCH i USING (COVERING )?INDEX images_by_split \(split=\?\)/)
    expect(tuning).toMatch(/SEARCH l (EXISTS )?USING PRIMARY KEY \(image_id=\?\)/)
    expect(tuning).toMatch(/SEARCH p (EXISTS )?USING PRIMARY KEY \(set_id=\? AND image_id=\?\)/)
    for (const plan of [count, tuning]) expect(plan).not.toMatch(scans)
  })

  it('reads the tuning images by split and one image’s scores by primary key', () => {
    const [tuning] = plans((db) => readTuningImages(db))
    expect(tuning).toMatch(/SEARCH i USING INDEX images_by_split \(split=\?\)/)
    expect(tuning).toMatch(/SEARCH l USING PRIMARY KEY \(image_id=\?\)/)
    const image = fixture.workspace.db.prepare("SELECT id FROM images WHERE split = 'tuning' LIMIT 1").pluck().get() as number
    const [scores] = plans((db) => new ImageScoresReader(db, setId).read(image))
    expect(scores).toMatch(/SEARCH p USING PRIMARY KEY \(set_id=\? AND image_id=\?\)/)
    expect(scores).toMatch(/SEARCH c USING INTEGER PRIMARY KEY/)
    const [tests] = plans((db) => readTestImages(db))
    expect(tests).toMatch(/images_by_split|image_key/)
    for (const plan of [tuning, scores]) expect(plan).not.toMatch(scans)
  })
  it('reads the human truth of a set’s images through the set’s key range and the labels primary key', () => {
    const [scored, labels] = plans((db) => readHumanTruthImages(db, setId))
    expect(scored).toMatch(/SEARCH predictions USING (COVERING INDEX predictions_by_class|PRIMARY KEY) \(set_id=\?\)/)
    expect(scored).toMatch(/SEARCH i USING INTEGER PRIMARY KEY/)
    expect(labels ?? '').toMatch(/SEARCH l USING PRIMARY KEY \(image_id=\?\)/)
    for (const plan of [scored, labels ?? '']) expect(plan).not.toMatch(scans)
  })
})
