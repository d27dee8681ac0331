import { it } from 'vitest'
import { listImages } from '../../../../src/main/db/queries/images'
import { imageLabelFilters } from '../../../../src/shared/api/images'
import { buildCatalog } from './catalog-fixture'
import { imageQuery } from './image-oracle'
import { loggingDb, type LoggedQuery } from './query-log'

it('debug', () => {
  const f = buildCatalog()
  const log: LoggedQuery[] = []
  const db = loggingDb(f.db, log)
  const cursors: string[] = []
  for (const labelFilter of imageLabelFilters) for (const classId of [1, 2, 5, 6, 12, 22, 24, 25]) for (const includeDescendants of [false, true]) for (const sort of ['id', 'confidence'] as const) {
    let cursor: string | null = null
    do { const p = listImages(db, imageQuery({ classCode: f.classes[classId - 1]!.code, includeDescendants, labelFilter, sort, onDisk: 'any', limit: 7, cursor })); cursor = p.nextCursor; if (cursor) cursors.push(cursor) } while (cursor)
  }
  const feats = {
    wideLabel: log.filter(l => /l\.class_id IN \(/.test(l.sql)).length,
    wideBox: log.filter(l => /b\.class_id IN \(/.test(l.sql)).length,
    idRange: log.filter(l => /BETWEEN/.test(l.sql) && /image_id > @after/.test(l.sql) && /l\.confidence BETWEEN/.test(l.sql)).length,
    top: log.filter(l => /image_id < @before/.test(l.sql)).length,
    confPhase: log.filter(l => /\(l\.confidence, l\.image_id\) </.test(l.sql)).length,
    dedupe: log.filter(l => /x\.confidence > l\.confidence/.test(l.sql)).length,
    dedupeBox: log.filter(l => /y\.image_id = l\.image_id/.test(l.sql)).length,
    distinct: log.filter(l => /SELECT DISTINCT/.test(l.sql)).length,
    bits: cursors.filter(c => c.split(':').length === 3).length,
    topThenConf: 0,
  }
  console.log(feats, cursors.filter(c => c.split(':').length === 3).slice(0, 3))
  f.close()
})
