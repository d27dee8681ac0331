import type { ClassRecord } from '../../shared/api/index'
import { useApiValue } from '../app/use-api-value'

/** Stands in for a code the catalog does not know (say, from a URL made on another catalog). */
function unknownClass(code: string): ClassRecord {
  return {
    code,
    name: code,
    boxable: false,
    trainable: false,
    described: false,
    humanPositiveImages: 0,
    humanNegativeImages: 0,
    machineImages: 0,
    tuningImages: 0,
    boxes: 0,
    boxImages: 0,
  }
}

/**
 * The catalog's record of class `code`, for a class known only by its code (a restored URL):
 * `known` when it is that class already, else looked up with `catalog.listClasses`.
 */
export function useClassRecord(code: string | null, known: ClassRecord | null): ClassRecord | null {
  const needed = code !== null && known?.code !== code
  const found = useApiValue(
    'catalog.listClasses',
    async (client) => {
      const page = await client.call('catalog.listClasses', { query: code ?? '', limit: 20 })
      return page.items.find((item) => item.code === code) ?? unknownClass(code ?? '')
    },
    [code],
    { enabled: needed, banner: false },
  )
  if (code === null) return null
  if (known?.code === code) return known
  return found.value?.code === code ? found.value : unknownClass(code)
}
