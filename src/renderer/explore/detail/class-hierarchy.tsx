import Box from '@mui/material/Box'
import Breadcrumbs from '@mui/material/Breadcrumbs'
import Chip from '@mui/material/Chip'
import Link from '@mui/material/Link'
import Typography from '@mui/material/Typography'
import type { ClassDetail } from '../../../shared/api/stats'

type Named = { code: string; name: string }

function ClassChips({ label, classes, onSelect }: { label: string; classes: Named[]; onSelect: (code: string) => void }) {
  if (classes.length === 0) return null
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, alignItems: 'center' }}>
      <Typography variant="caption" color="text.secondary" sx={{ mr: 0.5 }}>
        {label}
      </Typography>
      {classes.map((c) => (
        <Chip key={c.code} label={c.name} title={c.code} variant="outlined" onClick={() => onSelect(c.code)} />
      ))}
    </Box>
  )
}

/**
 * Where the class sits in the hierarchy: its ancestors, children and parts; each one a link to its detail.
 * `indexed` false (no hierarchy file indexed) says the hierarchy is absent instead of showing nothing.
 */
export function ClassHierarchy({ detail, indexed, onSelect }: { detail: ClassDetail; indexed: boolean | undefined; onSelect: (code: string) => void }) {
  if (indexed === false) {
    return (
      <Typography data-testid="class-hierarchy" data-hierarchy="absent" variant="caption" color="text.secondary">
        No hierarchy indexed (bbox_labels_600_hierarchy.json): the class&apos;s parents, sub-classes and parts are unknown.
      </Typography>
    )
  }
  const placed = detail.ancestors.length + detail.children.length + detail.parts.length > 0
  return (
    <Box data-testid="class-hierarchy" data-hierarchy={placed ? 'placed' : 'outside'} sx={{ display: 'flex', flexDirection: 'column', gap: 0.75 }}>
      <Breadcrumbs sx={{ fontSize: 13 }}>
        {detail.ancestors.map((a) => (
          <Link key={a.code} component="button" title={a.code} onClick={() => onSelect(a.code)} underline="hover">
            {a.name}
          </Link>
        ))}
        <Typography color="text.primary" sx={{ fontSize: 13 }}>
          {detail.row.name}
          {!placed && indexed && (
            <Typography component="span" variant="caption" color="text.secondary">
              {' '}
              — not in the hierarchy
            </Typography>
          )}
        </Typography>
      </Breadcrumbs>
      <ClassChips label="Children" classes={detail.children} onSelect={onSelect} />
      <ClassChips label="Parts" classes={detail.parts} onSelect={onSelect} />
    </Box>
  )
}
