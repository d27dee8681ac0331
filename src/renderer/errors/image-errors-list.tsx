import Box from '@mui/material/Box'
import Chip from '@mui/material/Chip'
import ToggleButton from '@mui/material/ToggleButton'
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup'
import Typography from '@mui/material/Typography'
import { useState } from 'react'
import type { LabelOutcome } from '../../shared/api/evaluation'
import { useApiValue } from '../app/use-api-value'
import type { ClassFilter } from './class-errors-table'
import { ErrorImageTile } from './error-image-tile'
import { outcomeStyle, rangeText } from './error-format'
import type { AnalysisKey } from './use-error-analysis'
import { FixedPager } from './fixed-pager'

interface ImageErrorsListProps {
  analysis: AnalysisKey
  filter: ClassFilter | null
  onFilter: (filter: ClassFilter | null) => void
  /** Opens an image; `ids` are the images of the page shown, for stepping. */
  onOpen: (imageId: string, ids: string[]) => void
}

const pageSize = 48

/**
 * The analysed images worst first (F2, then mistakes), all or one class's FPs, FNs or TPs, 48 to a page.
 * Mount with a key of the set and filter: a new listing starts on its first page.
 */
export function ImageErrorsList({ analysis, filter, onFilter, onOpen }: ImageErrorsListProps) {
  const [page, setPage] = useState(0)
  const filterKey = filter ? `${filter.code}:${filter.outcome}` : ''
  const images = useApiValue(
    'evaluation.images',
    (client) =>
      client.call('evaluation.images', {
        ...analysis,
        classCode: filter?.code ?? null,
        outcome: filter?.outcome ?? 'fp',
        offset: page * pageSize,
        limit: pageSize,
      }),
    [analysis.set, filterKey, page],
  )
  const items = images.value?.items ?? []
  const total = images.value?.total ?? 0
  const ids = items.map((item) => item.imageId)
  return (
    <Box data-testid="image-errors" data-total={images.value?.total} data-filter={filterKey} sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, px: 1, py: 0.5, flexWrap: 'wrap' }}>
        <Typography variant="body2" color="text.secondary">
          Worst first · {rangeText(images.value?.offset ?? 0, items.length, total)}
        </Typography>
        {filter && (
          <>
            <Chip
              data-testid="image-filter"
              label={`${filter.name || filter.code}: ${outcomeStyle[filter.outcome].label}`}
              title={outcomeStyle[filter.outcome].title}
              onDelete={() => onFilter(null)}
              sx={{ borderColor: outcomeStyle[filter.outcome].colour }}
              variant="outlined"
            />
            <ToggleButtonGroup
              exclusive
              size="small"
              value={filter.outcome}
              onChange={(_, outcome: LabelOutcome | null) => outcome && onFilter({ ...filter, outcome })}
            >
              {(['fp', 'fn', 'tp'] as const).map((outcome) => (
                <ToggleButton key={outcome} value={outcome} data-testid={`filter-${outcome}`} title={outcomeStyle[outcome].title} sx={{ py: 0, px: 1 }}>
                  {outcomeStyle[outcome].label}
                </ToggleButton>
              ))}
            </ToggleButtonGroup>
          </>
        )}
      </Box>
      <Box sx={{ flex: 1, minHeight: 0, overflowY: 'auto', p: 1, display: 'flex', flexWrap: 'wrap', alignContent: 'flex-start', gap: 1 }}>
        {items.map((item) => (
          <ErrorImageTile key={item.imageId} image={item} onOpen={(imageId) => onOpen(imageId, ids)} />
        ))}
        {images.value && total === 0 && (
          <Typography variant="body2" color="text.secondary">
            No images.
          </Typography>
        )}
      </Box>
      <FixedPager total={total} page={page} pageSize={pageSize} onPage={setPage} />
    </Box>
  )
}
