import type { Command } from 'commander'
import { getCatalogSummary } from '../db/queries/summary'
import { openWorkspaceFor } from '../app/open-workspace'
import { progressReporter } from './progress'

/** `oiw info`: what a workspace holds, as a table or --json. */
export function registerInfoCommand(program: Command): void {
  program
    .command('info')
    .description('show a workspace and the counts of its catalog')
    .argument('[workspace]', 'workspace folder (default: the last one opened, else the demo workspace)')
    .option('--json', 'print the result as JSON')
    .action(async (folder: string | undefined, flags: { json?: boolean }) => {
      const workspace = await openWorkspaceFor(folder, progressReporter({ json: !!flags.json }))
      const result = { workspace: workspace.info('headless'), catalog: getCatalogSummary(workspace.db) }
      workspace.close()
      if (flags.json) return void process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
      const rows: Array<[string, string | number]> = [
        ['workspace', `${result.workspace.name}${result.workspace.isDemo ? ' (demo)' : ''}`],
        ['location', result.workspace.location],
        ...Object.entries(result.catalog).map(([key, value]): [string, string | number] => [key, value ?? '—']),
      ]
      for (const [key, value] of rows) process.stdout.write(`${key.padEnd(16)} ${typeof value === 'number' ? value.toLocaleString('en-US') : value}\n`)
    })
}
