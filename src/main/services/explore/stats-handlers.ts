import type { Handlers } from '../../../shared/api/index'
import { ApiError } from '../../../shared/errors'
import type { Db } from '../../db/connection'
import { getClassDetail } from '../../db/queries/explore/class-detail'
import { getClassTable, getLongTail } from '../../db/queries/explore/class-table'
import { getCooccurrence } from '../../db/queries/explore/cooccurrence'
import { getLabelsPerImage } from '../../db/queries/explore/labels-per-image'
import { getSamplingPreview } from '../../db/queries/explore/sampling-preview'
import { getShift } from '../../db/queries/explore/shift'
import { estimatedTestPriors } from './estimated-test-prior'

export type StatsHandlers = Pick<
  Handlers,
  'stats.classTable' | 'stats.longTail' | 'stats.labelsPerImage' | 'stats.classDetail' | 'stats.cooccurrence' | 'stats.shift' | 'stats.samplingPreview'
>

/**
 * The explore page's part of the handler map: every answer comes from class_stats and the tables
 * refreshExploreStats precomputes after each indexing run (under a second at full scale); the shift's
 * estimated test prior is computed from a set's scores once per set and import.
 */
export function statsHandlers(db: Db): StatsHandlers {
  const withEstimatedTestPrior = estimatedTestPriors(db)
  return {
    'stats.classTable': (args) => getClassTable(db, args),
    'stats.longTail': ({ source }) => getLongTail(db, source),
    'stats.labelsPerImage': ({ source }) => getLabelsPerImage(db, source),
    'stats.classDetail': ({ classCode, top }) => {
      const classId = db.prepare('SELECT id FROM classes WHERE code = ?').pluck().get(classCode) as number | undefined
      const detail = classId === undefined ? null : getClassDetail(db, classId, top)
      if (!detail) throw new ApiError('not-found', `no class ${classCode} in the catalog`, 'classCode')
      return detail
    },
    'stats.cooccurrence': ({ top, classCodes }) => getCooccurrence(db, top, classCodes),
    'stats.shift': ({ against, limit }) => withEstimatedTestPrior(getShift(db, against, limit)),
    'stats.samplingPreview': ({ scheme, beta, limit }) => getSamplingPreview(db, scheme, beta, limit),
  }
}
