import Box from '@mui/material/Box'
import type { HTMLAttributes, Key, ReactNode } from 'react'
import { monoFont } from '../app/theme'
import { classColour } from './class-colour'

/**
 * One class in a class search's list (the browse filter, the annotate pickers): its colour, name and
 * code, and what `trailing` adds (a count). `props` are the ones Autocomplete's renderOption passes.
 */
export function ClassOption({ props, code, name, trailing }: { props: HTMLAttributes<HTMLLIElement> & { key?: Key }; code: string; name: string; trailing?: ReactNode }) {
  const { key: _key, ...rest } = props
  return (
    <Box component="li" {...rest} data-class-code={code} sx={{ gap: 1 }}>
      <Box sx={{ width: 8, height: 8, borderRadius: '2px', flex: 'none', bgcolor: classColour(code) }} />
      <Box sx={{ flex: 1, minWidth: 0 }}>
        <Box sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{name}</Box>
        <Box sx={{ fontFamily: monoFont, fontSize: 11, color: 'text.secondary' }}>{code}</Box>
      </Box>
      {trailing}
    </Box>
  )
}
