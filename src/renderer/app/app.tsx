import Box from '@mui/material/Box'
import { lazy, Suspense, useCallback, useEffect, useState } from 'react'
import { EditsProvider } from '../annotate/edits-context'
import { BrowseView } from '../browse/browse-view'
import { IndexDataset } from '../catalog/index-dataset'
import { useIndexJob } from '../catalog/use-index-job'
import { usePage } from '../explore/use-page'
import { ErrorBanner } from './error-banner'
import { ErrorReporterProvider } from './error-reporter'
import { JobProgressBar } from './job-progress-bar'
import { TopBar } from './top-bar'
import { useApiValue } from './use-api-value'
import { useJobProgress } from './use-job-progress'

// Explore draws with ECharts: loaded when first shown, so Browse starts without it.
const ExplorePage = lazy(() => import('../explore/explore-page').then((m) => ({ default: m.ExplorePage })))
const TrainPage = lazy(() => import('../train/train-page').then((m) => ({ default: m.TrainPage })))
const ErrorsPage = lazy(() => import('../errors/errors-page').then((m) => ({ default: m.ErrorsPage })))
const EditsPage = lazy(() => import('../annotate/edits-page').then((m) => ({ default: m.EditsPage })))

/** The window: top bar, job progress, errors, and the page below (Browse, Explore, Train, Errors or Edits). */
export function App() {
  return (
    <ErrorReporterProvider>
      <EditsProvider>
        <AppShell />
      </EditsProvider>
    </ErrorReporterProvider>
  )
}

function AppShell() {
  const workspace = useApiValue('workspace.getInfo', (client) => client.call('workspace.getInfo', {}), [])
  const summary = useApiValue('catalog.getSummary', (client) => client.call('catalog.getSummary', {}), [])
  // Bumped when a job (or an indexing run) ends: the catalog may have new rows, so the counts and the grid reload.
  const [catalogVersion, setCatalogVersion] = useState(0)
  const reloadSummary = summary.reload
  const onJobFinished = useCallback(() => {
    reloadSummary()
    setCatalogVersion((n) => n + 1)
  }, [reloadSummary])
  const jobs = useJobProgress(onJobFinished)
  const indexing = useIndexJob(onJobFinished)
  const page = usePage()

  const name = workspace.value?.name
  useEffect(() => {
    document.title = name ? `${name} — Open Images Workbench` : 'Open Images Workbench'
  }, [name])

  return (
    <Box sx={{ height: '100%', display: 'flex', flexDirection: 'column' }}>
      <TopBar workspace={workspace.value} summary={summary.value} page={page.page} onPage={page.show} actions={<IndexDataset control={indexing} />} />
      <JobProgressBar jobs={jobs} />
      <ErrorBanner />
      <Box component="main" sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        {page.page === 'explore' ? (
          <Suspense fallback={null}>
            <ExplorePage key={catalogVersion} summary={summary.value} onBrowseClass={page.browseClass} />
          </Suspense>
        ) : page.page === 'train' ? (
          <Suspense fallback={null}>
            <TrainPage />
          </Suspense>
        ) : page.page === 'errors' ? (
          <Suspense fallback={null}>
            <ErrorsPage key={catalogVersion} />
          </Suspense>
        ) : page.page === 'edits' ? (
          <Suspense fallback={null}>
            <EditsPage onOpenImage={page.openImage} />
          </Suspense>
        ) : (
          <BrowseView catalogVersion={catalogVersion} />
        )}
      </Box>
    </Box>
  )
}
