import Box from '@mui/material/Box'
import Tab from '@mui/material/Tab'
import Tabs from '@mui/material/Tabs'
import { useCallback, useState } from 'react'
import type { CatalogSummary } from '../../shared/api/index'
import { ClassTable } from './class-table/class-table'
import { CooccurrenceView } from './cooccurrence/cooccurrence-view'
import { ClassDetailView } from './detail/class-detail'
import { LongTailView } from './long-tail/long-tail-view'
import { SamplingView } from './sampling/sampling-view'
import { ShiftView } from './shift/shift-view'
import { StatsRevision } from './stats-revision'
import { useReloadOnEdits } from '../annotate/use-reload-on-edits'

const sections = [
  { key: 'long-tail', label: 'Long tail' },
  { key: 'detail', label: 'Class detail' },
  { key: 'cooccurrence', label: 'Co-occurrence' },
  { key: 'shift', label: 'Shift' },
  { key: 'sampling', label: 'Sampling' },
] as const
type Section = (typeof sections)[number]['key']

interface ExplorePageProps {
  /** The catalog's summary (where the boxable set came from, whether a hierarchy was indexed); null until loaded. */
  summary: CatalogSummary | null
  onBrowseClass: (code: string) => void
}

/**
 * The dataset's statistics: the class table on the left, charts on the right. Selecting a class
 * anywhere shows its detail; Browse opens its images.
 */
export function ExplorePage({ summary, onBrowseClass }: ExplorePageProps) {
  const [section, setSection] = useState<Section>('long-tail')
  const [selected, setSelected] = useState<string | null>(null)
  const [minMachineConfidence, setMinMachineConfidence] = useState(0.5)
  const select = useCallback((code: string) => {
    setSelected(code)
    setSection('detail')
  }, [])
  const revision = useReloadOnEdits(false)

  return (
    <StatsRevision.Provider value={revision}>
      <Box data-testid="explore-page" sx={{ flex: 1, minHeight: 0, display: 'flex' }}>
        <Box sx={{ width: 480, flexShrink: 0, borderRight: 1, borderColor: 'divider', minHeight: 0 }}>
          <ClassTable
            selected={selected}
            onSelect={select}
            onBrowse={onBrowseClass}
            minMachineConfidence={minMachineConfidence}
            onMinMachineConfidence={setMinMachineConfidence}
            boxableClasses={summary?.boxableClasses ?? null}
          />
        </Box>
        <Box sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          <Tabs value={section} onChange={(_, next: Section) => setSection(next)} sx={{ borderBottom: 1, borderColor: 'divider', minHeight: 36 }}>
            {sections.map((s) => (
              <Tab key={s.key} value={s.key} label={s.label} data-testid={`explore-tab-${s.key}`} sx={{ minHeight: 36, py: 0 }} />
            ))}
          </Tabs>
          <Box sx={{ flex: 1, minHeight: 0, overflowY: 'auto', p: 1.5 }}>
            {section === 'long-tail' && <LongTailView onSelect={select} />}
            {section === 'detail' && <ClassDetailView code={selected} hierarchyFile={summary ? summary.hierarchyFile : undefined} onSelect={select} onBrowse={onBrowseClass} />}
            {section === 'cooccurrence' && <CooccurrenceView onSelect={select} />}
            {section === 'shift' && <ShiftView onSelect={select} />}
            {section === 'sampling' && <SamplingView />}
          </Box>
        </Box>
      </Box>
    </StatsRevision.Provider>
  )
}
