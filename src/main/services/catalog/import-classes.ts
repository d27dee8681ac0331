import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { ApiError } from '../../../shared/errors'
import { classCodePattern } from '../../../shared/ids'
import { readCsvRows } from './csv-rows'
import type { FileReport, ImportContext } from './import-context'

/** class-descriptions(-boxable).csv: `code,name`, no header. Boxable files also set the boxable flag. */
export async function importClassDescriptions(ctx: ImportContext, file: string, boxable: boolean): Promise<FileReport> {
  const report = ctx.newReport(basename(file))
  const update = ctx.db.prepare(
    `UPDATE classes SET name = ?, described = 1${boxable ? ', boxable = 1' : ''} WHERE id = ?`,
  )
  for await (const { fields, line } of readCsvRows(file, null)) {
    const [code, name] = fields
    if (fields.length !== 2 || !code || !classCodePattern.test(code)) {
      ctx.skip(report, line, `expected label_code,description, got ${fields.length} fields`)
      continue
    }
    update.run(name ?? '', ctx.classId(code))
    report.rows++
  }
  return report
}

/** classes-trainable.csv: header `label_code`, one code per line. */
export async function importTrainable(ctx: ImportContext, file: string): Promise<FileReport> {
  const report = ctx.newReport(basename(file))
  const update = ctx.db.prepare('UPDATE classes SET trainable = 1 WHERE id = ?')
  for await (const { fields, line } of readCsvRows(file, ['label_code'])) {
    const code = fields[0]
    if (fields.length !== 1 || !code || !classCodePattern.test(code)) {
      ctx.skip(report, line, 'expected one label code')
      continue
    }
    update.run(ctx.classId(code))
    report.rows++
  }
  return report
}

interface HierarchyNode {
  LabelName?: unknown
  Subcategory?: unknown
  Part?: unknown
}

/** bbox_labels_600_hierarchy.json: parent → child edges (subcategory and part). Replaces all edges. */
export async function importHierarchy(ctx: ImportContext, file: string): Promise<FileReport> {
  const report = ctx.newReport(basename(file))
  let root: HierarchyNode
  try {
    root = JSON.parse(await readFile(file, 'utf8')) as HierarchyNode
  } catch (error) {
    throw new ApiError('bad-input', `${report.file}: not valid JSON (${(error as Error).message})`, report.file)
  }
  ctx.db.prepare('DELETE FROM class_edges').run()
  const insert = ctx.db.prepare('INSERT OR IGNORE INTO class_edges (parent_id, child_id, kind) VALUES (?, ?, ?)')
  const walk = (node: HierarchyNode, path: string): void => {
    if (typeof node.LabelName !== 'string') {
      throw new ApiError('bad-input', `${report.file}: a node without LabelName at ${path}`, `${report.file}:${path}`)
    }
    const parent = ctx.classId(node.LabelName)
    for (const kind of ['Subcategory', 'Part'] as const) {
      const children = node[kind]
      if (!Array.isArray(children)) continue
      children.forEach((child: HierarchyNode, i) => {
        walk(child, `${path}.${kind}[${i}]`)
        insert.run(parent, ctx.classId(child.LabelName as string), kind === 'Part' ? 'part' : 'subcategory')
        report.rows++
      })
    }
  }
  walk(root, '$')
  return report
}
