import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Chip from '@mui/material/Chip'
import LinearProgress from '@mui/material/LinearProgress'
import Typography from '@mui/material/Typography'
import { countOf } from '../app/format'
import { monoFont } from '../app/theme'
import { FolderList } from './folder-list'
import type { FolderNavigation } from './use-folder-listing'

/**
 * Picks the dataset folder on the serving machine: the current folder's path (shown, never sent)
 * with its dataset-file count, and its sub-folders to walk through.
 */
export function FolderPicker({ navigation }: { navigation: FolderNavigation }) {
  const { listing, loading, error, open, up, cameFrom, reload } = navigation
  const current = listing?.folder
  const startOver = () => {
    open(null)
    reload()
  }

  return (
    <Box data-testid="folder-picker" sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Typography variant="body2" color="text.secondary">
        Pick the folder that holds the dataset files (class-descriptions.csv, train_human_labels.csv, …); folders with
        dataset files wear a chip with their count. A label or box file replaces the catalog's rows of its kind (all
        human labels, all boxes, …); class files add to the classes.
      </Typography>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, minWidth: 0 }}>
        <Button variant="outlined" disabled={!listing?.parentId} onClick={up} aria-label="Up to the parent folder">
          Up
        </Button>
        <Typography
          data-testid="current-folder"
          variant="body2"
          noWrap
          title={current?.path}
          sx={{ fontFamily: monoFont, flex: 1, minWidth: 0, direction: 'rtl', textAlign: 'left' }}
        >
          {/* rtl + an embedded ltr span: a long path is cut at its start, the folder name stays visible. */}
          <span dir="ltr">{current?.path ?? '…'}</span>
        </Typography>
        {current && (
          <Chip
            data-testid="current-folder-files"
            data-count={current.datasetFiles}
            label={countOf(current.datasetFiles, 'dataset file')}
            color={current.datasetFiles > 0 ? 'success' : 'default'}
            variant={current.datasetFiles > 0 ? 'filled' : 'outlined'}
          />
        )}
      </Box>
      <LinearProgress sx={{ height: 2, visibility: loading ? 'visible' : 'hidden' }} />
      {error && (
        <Alert
          severity="error"
          action={
            <Button color="inherit" onClick={startOver}>
              Start over
            </Button>
          }
        >
          {error}
        </Alert>
      )}
      {listing && <FolderList listing={listing} initialFolderId={cameFrom} onOpen={open} onUp={up} />}
      {current && current.datasetFiles === 0 && (
        <Typography variant="caption" color="text.secondary">
          This folder holds no dataset files; indexing it only scans its images.
        </Typography>
      )}
    </Box>
  )
}
