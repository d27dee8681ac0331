import { it } from 'vitest'
import { listImages } from '../../../../src/main/db/queries/images'
import { buildCatalog } from './catalog-fixture'
import { imageQuery } from './image-oracle'
import { loggingDb, planOf, type LoggedQuery } from './query-log'

it('debug', () => {
  const f = buildCatalog()
  const log: LoggedQuery[] = []
  const db = loggingDb(f.db, log)
  const page = listImages(db, imageQuery({"classCode":"/m/0t1","includeDescendants":true,"labelFilter":"machine","minConfidence":0.3,"maxConfidence":0.8,"split":"test","hasBoxes":false,"onDisk":"yes","hasLabels":null,"sort":"id", limit: 500}))
  console.log(page.items.map((i) => parseInt(i.imageId, 16)))
  const q = log.find((l) => l.sql.includes('UNION'))!
  console.log(q.sql.split(' UNION ').length, q.sql.split(' UNION ').filter(s => s.includes('BETWEEN')))
  console.log(planOf(f.db, q).split('\n').filter(l => !l.startsWith('SEARCH') && !/^(LEFT|RIGHT|MERGE)/.test(l)))
  console.log(f.labels.filter(l => l.imageId === 41 && l.source === 3))
  const arms = q.sql.replace(/ ORDER BY id LIMIT @limit$/, '').split(' UNION ')
  for (const a of arms) { const r = f.db.prepare(a).all(q.params[0] as object) as Array<{id: number}>; if (r.some(x => x.id === 41)) console.log(a, r.length) }
  f.close()
})
