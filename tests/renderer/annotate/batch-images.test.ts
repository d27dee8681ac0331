import { describe, expect, it } from 'vitest'
import { batchEdits, batchImageParts } from '../../../src/renderer/annotate/batch-images'
import { selectAll, toggleImage, type GridSelection } from '../../../src/renderer/annotate/grid-selection'
import type { ApiClient } from '../../../src/shared/api/client'
import { imageFilterSchema } from '../../../src/shared/api/images'
import type { ImagePage } from '../../../src/shared/api/index'

const filter = imageFilterSchema.parse({ classCode: '/m/01g317', sort: 'confidence' })
const id = (n: number) => `img${String(n).padStart(5, '0')}`

/** images.list over `matching` (ids in catalog order) with an id cursor; records what it was asked. */
function fakeClient(matching: Set<string>) {
  const asked: Array<Record<string, unknown>> = []
  const client = {
    call: async (method: string, args: Record<string, unknown>): Promise<ImagePage> => {
      expect(method).toBe('images.list')
      asked.push(args)
      const after = (args.cursor as string | null) ?? ''
      const items = [...matching].sort().filter((imageId) => imageId > after)
      const page = items.slice(0, args.limit as number)
      const more = items.length > page.length
      return { items: page.map((imageId) => ({ imageId, split: 'train', width: 1, height: 1, onDisk: true, labelCount: 1, boxCount: 0 })), nextCursor: more ? page.at(-1)! : null }
    },
  } as unknown as ApiClient
  return { client, asked }
}

async function collect(parts: AsyncIterable<string[]>, afterEach: (part: string[]) => void = () => {}): Promise<string[][]> {
  const out: string[][] = []
  for await (const part of parts) {
    out.push(part)
    afterEach(part)
  }
  return out
}

describe('batchImageParts', () => {
  it('lists every image of a filter selection in parts, not only the ones loaded, by id with the same filter', async () => {
    const matching = new Set(Array.from({ length: 5_000 }, (_, i) => id(i * 3)))
    const { client, asked } = fakeClient(matching)
    const parts = await collect(batchImageParts(client, selectAll(filter, 5_000), 2_000))
    expect(parts.map((part) => part.length)).toEqual([2_000, 2_000, 1_000])
    expect(new Set(parts.flat())).toEqual(matching)
    expect(asked[0]).toMatchObject({ classCode: '/m/01g317', sort: 'id', limit: 500, cursor: null })
  })

  it('leaves out the images Ctrl-clicked out of it', async () => {
    const matching = new Set(Array.from({ length: 1_200 }, (_, i) => id(i)))
    const { client } = fakeClient(matching)
    const selection = toggleImage(toggleImage(selectAll(filter, 1_200), id(7), 7), id(1_100), 1_100)
    const listed = (await collect(batchImageParts(client, selection, 10_000))).flat()
    expect(listed).toHaveLength(1_198)
    expect(listed).not.toContain(id(7))
    expect(listed).not.toContain(id(1_100))
  })

  it('reaches every image when each part’s edit takes its images out of the filter', async () => {
    const matching = new Set(Array.from({ length: 4_321 }, (_, i) => id(i)))
    const all = new Set(matching)
    const { client } = fakeClient(matching)
    // Rejecting the class the filter lists: each part leaves the filter once it is sent.
    const parts = await collect(batchImageParts(client, selectAll(filter, 4_321), 1_000), (part) => part.forEach((imageId) => matching.delete(imageId)))
    expect(new Set(parts.flat())).toEqual(all)
    expect(parts.flat()).toHaveLength(4_321)
  })

  it('splits a one-by-one selection into parts', async () => {
    const { client, asked } = fakeClient(new Set())
    const selection: GridSelection = { kind: 'images', ids: new Set(['a', 'b', 'c']), anchor: null }
    expect(await collect(batchImageParts(client, selection, 2))).toEqual([['a', 'b'], ['c']])
    expect(asked).toEqual([])
  })
})

describe('batchEdits', () => {
  it('sets one verdict of one class on each image of each part', async () => {
    async function* parts() {
      yield ['a', 'b']
      yield ['c']
    }
    const edits = []
    for await (const part of batchEdits(parts(), '/m/01g317', 'absent')) edits.push(part)
    expect(edits).toEqual([
      [
        { imageId: 'a', classCode: '/m/01g317', verdict: 'absent' },
        { imageId: 'b', classCode: '/m/01g317', verdict: 'absent' },
      ],
      [{ imageId: 'c', classCode: '/m/01g317', verdict: 'absent' }],
    ])
  })
})
