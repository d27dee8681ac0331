import AppBar from '@mui/material/AppBar'
import Box from '@mui/material/Box'
import Chip from '@mui/material/Chip'
import Tab from '@mui/material/Tab'
import Tabs from '@mui/material/Tabs'
import Toolbar from '@mui/material/Toolbar'
import Typography from '@mui/material/Typography'
import type { ReactNode } from 'react'
import type { CatalogSummary as Summary, WorkspaceInfo } from '../../shared/api/index'
import type { Page } from '../explore/use-page'
import { CatalogSummary } from './catalog-summary'

interface TopBarProps {
  workspace: WorkspaceInfo | null
  summary: Summary | null
  page: Page
  onPage: (page: Page) => void
  /** Controls at the right end, e.g. the "Index dataset…" button. */
  actions?: ReactNode
}

/** Product name, the open workspace (with a chip for the demo), the pages, the catalog counts and the actions. */
export function TopBar({ workspace, summary, page, onPage, actions }: TopBarProps) {
  return (
    <AppBar sx={{ borderBottom: 1, borderColor: 'divider' }}>
      <Toolbar sx={{ gap: 2 }}>
        <Typography variant="subtitle1" component="h1" noWrap sx={{ fontWeight: 700 }}>
          Open Images Workbench
        </Typography>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, minWidth: 0 }}>
          <Typography
            data-testid="workspace-name"
            variant="body2"
            noWrap
            title={workspace?.location}
            sx={{ color: workspace ? 'text.primary' : 'text.disabled' }}
          >
            {workspace?.name ?? 'Opening workspace…'}
          </Typography>
          {workspace?.isDemo && <Chip data-testid="demo-chip" label="demo" color="secondary" variant="outlined" />}
        </Box>
        <Tabs value={page} onChange={(_, next: Page) => onPage(next)} sx={{ flexShrink: 0, minHeight: 36, '& .MuiTab-root': { minHeight: 36, minWidth: 64, px: 1.5, py: 0 } }}>
          <Tab value="browse" label="Browse" data-testid="page-browse" />
          <Tab value="explore" label="Explore" data-testid="page-explore" />
          <Tab value="train" label="Train" data-testid="page-train" />
          <Tab value="errors" label="Errors" data-testid="page-errors" />
          <Tab value="edits" label="Edits" data-testid="page-edits" />
        </Tabs>
        <Box sx={{ flex: 1 }} />
        {/* The pages never shrink; on a narrow window the counts are clipped first. */}
        <Box sx={{ minWidth: 0, overflow: 'hidden' }}>
          <CatalogSummary summary={summary} />
        </Box>
        {actions && <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>{actions}</Box>}
      </Toolbar>
    </AppBar>
  )
}
