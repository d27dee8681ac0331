import TablePagination from '@mui/material/TablePagination'

/** The Errors page's pager: pages of a fixed size (no size picker), page 0 when there is nothing. */
export function FixedPager({ total, page, pageSize, onPage }: { total: number; page: number; pageSize: number; onPage: (page: number) => void }) {
  return (
    <TablePagination
      component="div"
      count={total}
      page={total === 0 ? 0 : page}
      rowsPerPage={pageSize}
      rowsPerPageOptions={[pageSize]}
      onPageChange={(_, next) => onPage(next)}
    />
  )
}
