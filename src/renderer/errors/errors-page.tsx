import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import CircularProgress from '@mui/material/CircularProgress'
import Tab from '@mui/material/Tab'
import Tabs from '@mui/material/Tabs'
import Typography from '@mui/material/Typography'
import { useState } from 'react'
import { AnalysisSummary } from './analysis-summary'
import { ClassErrorsTable, type ClassFilter } from './class-errors-table'
import { CompareSets } from './compare-sets'
import { ConfusionsTable } from './confusions-table'
import { ErrorImageView } from './error-image-view'
import { ExportPanel } from './export-panel'
import { ImageErrorsList } from './image-errors-list'
import { ComparePicker, SetPicker, TruthPicker } from './set-picker'
import { useErrorAnalysis } from './use-error-analysis'

type Section = 'images' | 'confusions'

/**
 * Error analysis of a prediction set against the tuning labels (or the human labels of the images it scores): the summary and the Kaggle export on top;
 * the per-class table on the left; on the right the images worst first (filtered by a class's FPs or FNs)
 * or the confused pairs; an image opens with its TP, FP and FN labels. With a set to compare with, the
 * two sets class by class instead.
 */
export function ErrorsPage() {
  const control = useErrorAnalysis()
  const { sets, set, summary, key } = control
  const [filter, setFilter] = useState<{ set: string | null; value: ClassFilter | null }>({ set: null, value: null })
  const [section, setSection] = useState<Section>('images')
  const [open, setOpen] = useState<{ imageId: string | null; ids: string[] }>({ imageId: null, ids: [] })
  // A filter belongs to the set it was picked on.
  const classFilter = filter.set === set ? filter.value : null
  const pickFilter = (value: ClassFilter | null) => {
    setFilter({ set, value })
    setSection('images')
  }

  const noSets = sets.value !== null && sets.value.length === 0
  return (
    <Box data-testid="errors-page" data-set={set ?? undefined} sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, px: 1.5, py: 1, borderBottom: 1, borderColor: 'divider' }}>
        <SetPicker sets={sets.value ?? []} set={set} onChoose={control.choose} />
        <TruthPicker truth={control.truth} onChoose={control.chooseTruth} disabled={set === null} />
        <ComparePicker sets={sets.value ?? []} set={set} compareWith={control.compareWith} onChoose={control.chooseCompareWith} />
        <Box sx={{ flex: 1, minWidth: 0 }}>
          {summary.value && summary.value.set === set ? (
            <AnalysisSummary summary={summary.value} />
          ) : summary.loading ? (
            <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
              <CircularProgress size={16} />
              <Typography variant="body2" color="text.secondary">
                Fitting thresholds on the {control.truth === 'tuning' ? 'tuning labels' : 'human labels'} and analysing {set}…
              </Typography>
            </Box>
          ) : null}
        </Box>
        {set && <ExportPanel set={set} truth={control.truth} />}
      </Box>
      {noSets && (
        <Alert data-testid="no-sets" severity="info" sx={{ m: 1.5 }}>
          No prediction sets in this workspace. Import one with <code>oiw index --scores NAME=FILE</code> (or <code>--submission</code>), or make one with{' '}
          <code>oiw predict</code>.
        </Alert>
      )}
      {summary.error && set && (
        <Alert severity="error" sx={{ m: 1.5 }}>
          {summary.error}
        </Alert>
      )}
      {key && control.compareWith && <CompareSets key={`${key.set}|${key.truth}|${control.compareWith}`} analysis={key} compareWith={control.compareWith} />}
      {key && !control.compareWith && (
        <Box sx={{ flex: 1, minHeight: 0, display: 'flex' }}>
          <Box sx={{ width: 640, flexShrink: 0, display: 'flex', flexDirection: 'column', borderRight: 1, borderColor: 'divider', minHeight: 0 }}>
            <ClassErrorsTable key={`${key.set}|${key.truth}`} analysis={key} filter={classFilter} onFilter={pickFilter} />
          </Box>
          <Box sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', minHeight: 0 }}>
            <Tabs value={section} onChange={(_, next: Section) => setSection(next)} sx={{ borderBottom: 1, borderColor: 'divider', minHeight: 36 }}>
              <Tab value="images" label="Images, worst first" data-testid="errors-tab-images" sx={{ minHeight: 36, py: 0 }} />
              <Tab value="confusions" label="Confused pairs" data-testid="errors-tab-confusions" sx={{ minHeight: 36, py: 0 }} />
            </Tabs>
            {section === 'images' ? (
              <ImageErrorsList
                key={`${key.set}|${key.truth}|${classFilter?.code ?? ''}|${classFilter?.outcome ?? ''}`}
                analysis={key}
                filter={classFilter}
                onFilter={pickFilter}
                onOpen={(imageId, ids) => setOpen({ imageId, ids })}
              />
            ) : (
              <ConfusionsTable key={key.set} analysis={key} onFilter={pickFilter} />
            )}
          </Box>
          <ErrorImageView
            analysis={key}
            imageId={open.imageId}
            ids={open.ids}
            onShow={(imageId) => setOpen((o) => ({ ...o, imageId }))}
            onClose={() => setOpen((o) => ({ ...o, imageId: null }))}
          />
        </Box>
      )}
    </Box>
  )
}
