import { basename } from 'node:path'
import type { Command } from 'commander'
import type { CatalogSummary } from '../../shared/api/index'
import { describeBoxableClasses } from '../../shared/boxable-classes'
import { getCatalogSummary } from '../db/queries/summary'
import { openWorkspaceFor } from '../app/open-workspace'
import { progressReporter } from './progress'

/** One line of the catalog's table: a count, or the phrase saying where the boxable set and the hierarchy came from. */
function catalogRow(key: keyof CatalogSummary, value: CatalogSummary[keyof CatalogSummary]): [string, string | number] {
  if (key === 'boxableClasses') return ['boxable classes', describeBoxableClasses(value as CatalogSummary['boxableClasses'])]
  if (key === 'hierarchyFile') return ['hierarchy', typeof value === 'string' ? basename(value) : 'none indexed (no bbox_labels_600_hierarchy.json)']
  return [key, (value as string | number | null) ?? '—']
}

/** `oiw info`: what a workspace holds, as a table or --json. */
export function registerInfoCommand(program: Command): void {
  program
    .command('info')
    .description('show a workspace and the counts of its catalog')
    .argument('[workspace]', 'workspace folder (default: the last one opened, else the demo workspace)')
    .option('--json', 'print the result as JSON')
    .action(async (folder: string | undefined, flags: { json?: boolean }) => {
      const workspace = await openWorkspaceFor(folder, progressReporter({ json: !!flags.json }), { create: false })
      const result = { workspace: workspace.info('headless'), catalog: getCatalogSummary(workspace.db) }
      workspace.close()
      if (flags.json) return void process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
      const rows: Array<[string, string | number]> = [
        ['workspace', `${result.workspace.name}${result.workspace.isDemo ? ' (demo)' : ''}`],
        ['location', result.workspace.location],
        ...Object.entries(result.catalog).map(([key, value]) => catalogRow(key as keyof CatalogSummary, value)),
      ]
      for (const [key, value] of rows) process.stdout.write(`${key.padEnd(16)} ${typeof value === 'number' ? value.toLocaleString('en-US') : value}\n`)
    })
}
