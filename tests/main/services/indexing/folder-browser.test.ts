import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FolderBrowser } from '../../../../src/main/services/indexing/folder-browser'
import { tempDir } from '../../../helpers/temp-dir'

describe('FolderBrowser', () => {
  const temp = tempDir()
  mkdirSync(join(temp.dir, 'datasets', 'oi', 'train'), { recursive: true })
  mkdirSync(join(temp.dir, 'datasets', 'empty'))
  mkdirSync(join(temp.dir, '.hidden'))
  writeFileSync(join(temp.dir, 'datasets', 'oi', 'train_human_labels.csv'), 'ImageID,Source,LabelName,Confidence\n')
  const browser = new FolderBrowser(() => temp.dir)
  afterAll(() => temp.remove())

  it('lists sub-folders by opaque id, with their dataset file counts, hiding dot folders', () => {
    const top = browser.list(null)
    expect(top.folder.path).toBe(temp.dir)
    expect(top.folders.map((f) => f.name)).toEqual(['datasets'])
    const datasets = browser.list(top.folders[0]!.folderId)
    expect(datasets.folders.map((f) => [f.name, f.datasetFiles])).toEqual([
      ['empty', 0],
      ['oi', 1],
    ])
    expect(datasets.parentId).toBe(top.folder.folderId)
    expect(datasets.folders[1]!.folderId).not.toContain('/')
  })

  it('accepts only ids it issued, and only dataset-looking folders for indexing', () => {
    expect(() => browser.pathOf('c29tZS9wYXRo')).toThrow(/not one this server listed/)
    const datasets = browser.list(browser.list(null).folders[0]!.folderId)
    const [empty, oi] = datasets.folders
    expect(browser.datasetFolder(oi!.folderId)).toBe(join(temp.dir, 'datasets', 'oi'))
    expect(() => browser.datasetFolder(empty!.folderId)).toThrow(/holds no dataset file/)
  })
})
