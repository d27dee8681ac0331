import type { ClassRecord } from '../../shared/api/index'
import { useApiValue } from '../app/use-api-value'
import { useDebouncedValue } from './use-debounced-value'

/** Pause after the last key press before asking the server. */
const searchDelayMs = 150
const optionLimit = 50
/** The contract's limit on `catalog.listClasses`' query. */
const maxQueryLength = 200

export interface ClassSearch {
  /**
   * The classes matching the text as it is now, most human-labelled first; null until the search for
   * that very text has answered (never an older search's answer, which would match other text).
   */
  matches: ClassRecord[] | null
  loading: boolean
}

/**
 * Classes matching what the user types; asks `catalog.listClasses` once the typing pauses, and only
 * while `enabled` (the popup is open).
 */
export function useClassSearch(query: string, enabled: boolean): ClassSearch {
  const wanted = query.trim().slice(0, maxQueryLength)
  const settled = useDebouncedValue(wanted, searchDelayMs)
  const result = useApiValue(
    'catalog.listClasses',
    async (client) => ({ query: settled, page: await client.call('catalog.listClasses', { query: settled, limit: optionLimit }) }),
    [settled],
    { enabled },
  )
  const answer = result.value?.query === wanted ? result.value.page.items : null
  return { matches: answer, loading: enabled && answer === null && result.error === null }
}
