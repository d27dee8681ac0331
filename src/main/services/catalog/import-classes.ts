import { readFile } from 'node:fs/promises'
import type { FileImportReport } from '../../../shared/api/index'
import { ApiError } from '../../../shared/errors'
import { classCodePattern } from '../../../shared/ids'
import { importCsv, type ImportTick } from './import-csv'
import { skipRow, type ImportContext } from './import-context'

/**
 * class-descriptions(-boxable).csv: `code,name`, no header. Names the classes (described = 1); the
 * boxable file also sets the boxable flag, replacing the previous boxable set.
 */
export async function importClassDescriptions(ctx: ImportContext, file: string, report: FileImportReport, tick: ImportTick, boxable: boolean): Promise<void> {
  if (boxable) ctx.db.prepare('UPDATE classes SET boxable = 0 WHERE boxable = 1').run()
  const update = ctx.db.prepare(`UPDATE classes SET name = ?, described = 1${boxable ? ', boxable = 1' : ''} WHERE id = ?`)
  await importCsv(file, null, report, tick, (fields, count, line) => {
    const code = fields[0]!
    if (count !== 2) return skipRow(report, 'column-count', line, `expected label_code,description, found ${count} fields`)
    if (!classCodePattern.test(code)) return skipRow(report, 'bad-class-code', line, `${JSON.stringify(code)} is not a label code`)
    const id = ctx.classId(code)
    ctx.flush()
    update.run(fields[1]!, id)
    report.rows++
  })
}

/** classes-trainable.csv: header `label_code`, one code a line. Replaces the trainable set. */
export async function importTrainable(ctx: ImportContext, file: string, report: FileImportReport, tick: ImportTick): Promise<void> {
  ctx.db.prepare('UPDATE classes SET trainable = 0 WHERE trainable = 1').run()
  const codes: string[] = []
  await importCsv(file, ['label_code'], report, tick, (fields, count, line) => {
    const code = fields[0]!
    if (count !== 1) return skipRow(report, 'column-count', line, `expected one label code, found ${count} fields`)
    if (!classCodePattern.test(code)) return skipRow(report, 'bad-class-code', line, `${JSON.stringify(code)} is not a label code`)
    codes.push(code)
    report.rows++
  })
  const ids = codes.map((code) => ctx.classId(code))
  ctx.flush()
  const update = ctx.db.prepare('UPDATE classes SET trainable = 1 WHERE id = ?')
  for (const id of ids) update.run(id)
}

interface HierarchyNode {
  LabelName?: unknown
  Subcategory?: unknown
  Part?: unknown
}

/** bbox_labels_600_hierarchy.json (a few hundred kB): parent → child edges, subcategory and part. Replaces all edges. */
export async function importHierarchy(ctx: ImportContext, file: string, report: FileImportReport): Promise<void> {
  let root: HierarchyNode
  const text = await readFile(file, 'utf8')
  report.bytes = Buffer.byteLength(text)
  try {
    root = JSON.parse(text) as HierarchyNode
  } catch (error) {
    throw new ApiError('bad-input', `${report.file}: not valid JSON (${(error as Error).message})`, report.file)
  }
  const edges: Array<[number, number, 'subcategory' | 'part']> = []
  const walk = (node: HierarchyNode, path: string): number => {
    if (typeof node?.LabelName !== 'string' || !classCodePattern.test(node.LabelName)) {
      throw new ApiError('bad-input', `${report.file}: ${path} has no valid LabelName`, `${report.file}:${path}`)
    }
    const parent = ctx.classId(node.LabelName)
    for (const key of ['Subcategory', 'Part'] as const) {
      const children = node[key]
      if (children === undefined) continue
      if (!Array.isArray(children)) throw new ApiError('bad-input', `${report.file}: ${path}.${key} is not a list`, `${report.file}:${path}`)
      children.forEach((child: HierarchyNode, i) => edges.push([parent, walk(child, `${path}.${key}[${i}]`), key === 'Part' ? 'part' : 'subcategory']))
    }
    return parent
  }
  const rootId = walk(root, '$')
  ctx.flush()
  // The root (/m/0bl9f) names no real class and no descriptions file lists it: not an unknown class.
  ctx.db.prepare("UPDATE classes SET name = 'Entity (hierarchy root)', described = 1 WHERE id = ? AND described = 0").run(rootId)
  ctx.db.prepare('DELETE FROM class_edges').run()
  const insert = ctx.db.prepare('INSERT OR IGNORE INTO class_edges (parent_id, child_id, kind) VALUES (?, ?, ?)')
  for (const edge of edges) insert.run(...edge)
  report.rows = edges.length
}
