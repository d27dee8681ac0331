import type { ClassPage } from '../../shared/api/index'
import { useApiValue } from '../app/use-api-value'
import { useDebouncedValue } from './use-debounced-value'

/** Pause after the last key press before asking the server. */
const searchDelayMs = 150
const optionLimit = 50
/** The contract's limit on `catalog.listClasses`' query. */
const maxQueryLength = 200

export interface ClassSearch {
  page: ClassPage | null
  loading: boolean
}

/**
 * Classes matching what the user types, most human-labelled first; asks `catalog.listClasses`
 * once the typing pauses, and only while `enabled` (the popup is open).
 */
export function useClassSearch(query: string, enabled: boolean): ClassSearch {
  const settled = useDebouncedValue(query.trim().slice(0, maxQueryLength), searchDelayMs)
  const result = useApiValue(
    'catalog.listClasses',
    async (client) => ({ query: settled, page: await client.call('catalog.listClasses', { query: settled, limit: optionLimit }) }),
    [settled],
    { enabled },
  )
  const current = result.value
  const typing = settled !== query.trim().slice(0, maxQueryLength)
  return {
    page: current?.page ?? null,
    loading: enabled && (result.loading || typing || current?.query !== settled) && result.error === null,
  }
}
