import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/** The layering rules of eslint.config.mjs catch what STYLE.md forbids (and allow what it allows). */
describe('layering lint rules', () => {
  const eslint = new ESLint()
  const problems = async (code: string, filePath: string) =>
    (await eslint.lintText(code, { filePath }))[0]!.messages.map((m) => m.ruleId)

  it('src/shared imports no node, electron or DOM', async () => {
    expect(await problems("import { readFileSync } from 'node:fs'\nexport const x = readFileSync\n", 'src/shared/x.ts')).toContain('no-restricted-imports')
    expect(await problems("import { app } from 'electron'\nexport const x = app\n", 'src/shared/x.ts')).toContain('no-restricted-imports')
    expect(await problems('export const x = window.location\n', 'src/shared/x.ts')).toContain('no-restricted-globals')
    expect(await problems("import { z } from 'zod'\nexport const x = z.string()\n", 'src/shared/x.ts')).toEqual([])
  })

  it('the renderer imports no node, electron or main-process code', async () => {
    expect(await problems("import { join } from 'node:path'\nexport const x = join\n", 'src/renderer/x.ts')).toContain('no-restricted-imports')
    expect(await problems("import { db } from '../main/db/connection'\nexport const x = db\n", 'src/renderer/x.ts')).toContain('no-restricted-imports')
  })

  it('only the preload touches ipcRenderer; services never import electron', async () => {
    expect(await problems("import { ipcRenderer } from 'electron'\nexport const x = ipcRenderer\n", 'src/main/electron/x.ts')).toContain('no-restricted-syntax')
    expect(await problems("import { ipcRenderer } from 'electron'\nexport const x = ipcRenderer\n", 'src/preload/x.ts')).toEqual([])
    expect(await problems("import { app } from 'electron'\nexport const x = app\n", 'src/main/services/x.ts')).toContain('no-restricted-imports')
  })
})
