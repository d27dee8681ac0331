import type { Migration } from './index'

/**
 * A run's time-budget plan (src/shared/training/budget-plan.ts): the latest revision, as JSON, written by the
 * trainer each time it plans or re-plans, so the Train tab and `oiw train` show it after the fact too.
 */
export const migration: Migration = {
  version: 5,
  name: 'budget-plan',
  up(db) {
    db.exec('ALTER TABLE training_runs ADD COLUMN plan TEXT')
  },
}
