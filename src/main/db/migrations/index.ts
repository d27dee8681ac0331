import type Database from 'better-sqlite3'
import { migration as catalog } from './0001-catalog'
import { migration as explore } from './0002-explore'
import { migration as training } from './0003-training'
import { migration as annotate } from './0004-annotate'
import { migration as budgetPlan } from './0005-budget-plan'
import { migration as kaggle } from './0006-kaggle'
import { migration as sampleImages } from './0007-sample-images'

export interface Migration {
  version: number
  name: string
  up(db: Database.Database): void
}

/** In order; each runs in its own transaction and sets `user_version` to its number. */
export const migrations: Migration[] = [catalog, explore, training, annotate, budgetPlan, kaggle, sampleImages]

/** Applies every migration newer than the file's `user_version`. Refuses a file from a newer oiw. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number
  const latest = migrations.at(-1)?.version ?? 0
  if (current > latest) {
    throw new Error(`catalog schema version ${current} is newer than this oiw understands (${latest}); update oiw`)
  }
  for (const step of migrations) {
    if (step.version <= current) continue
    db.transaction(() => {
      step.up(db)
      db.pragma(`user_version = ${step.version}`)
    })()
  }
}
