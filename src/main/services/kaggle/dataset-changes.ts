import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Db } from '../../db/connection'
import { lastImportOf, lastScanOf } from '../../db/queries/kaggle'
import type { IndexPlan } from '../catalog/index-plan'

/** Folders below an image store, the store included (directories only: a new image changes its folder's time). */
function folders(root: string, depth = 3): string[] {
  const found = [root]
  if (depth === 0) return found
  for (const entry of readdirSync(root, { withFileTypes: true })) if (entry.isDirectory()) found.push(...folders(join(root, entry.name), depth - 1))
  return found
}

/**
 * Why an index plan must run again, one reason per changed input; empty when the catalog already holds every
 * file as it is now. A file is unchanged when it was imported after it was last modified, with the same size;
 * an image store when it was scanned after any of its folders (three levels down) last changed.
 */
export function datasetChanges(db: Db, plan: IndexPlan): string[] {
  const reasons: string[] = []
  for (const source of plan.sources) {
    const stat = statSync(source.file)
    const last = lastImportOf(db, source.file)
    if (!last) reasons.push(`${source.file} was never indexed`)
    else if (last.bytes !== stat.size || Date.parse(last.finishedAt) < stat.mtimeMs) reasons.push(`${source.file} changed since it was indexed`)
  }
  for (const root of plan.imageRoots) {
    const scanned = lastScanOf(db, root)
    if (scanned === null) reasons.push(`${root} was never scanned for images`)
    else if (folders(root).some((dir) => statSync(dir).mtimeMs > Date.parse(scanned))) reasons.push(`${root} has new or removed images`)
  }
  return reasons
}
