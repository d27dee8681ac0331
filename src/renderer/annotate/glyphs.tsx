/** Small line icons for the annotate buttons (the app ships no icon font). */
const line = { stroke: 'currentColor', strokeWidth: 1.8, strokeLinecap: 'round', strokeLinejoin: 'round', fill: 'none' } as const

function Glyph({ path }: { path: string }) {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
      <path d={path} {...line} />
    </svg>
  )
}

export const CheckGlyph = () => <Glyph path="M2.5 7.5l3 3 6-7" />
export const CrossGlyph = () => <Glyph path="M3 3l8 8M11 3l-8 8" />
export const SwapGlyph = () => <Glyph path="M2 4.5h9M8.5 2l2.5 2.5L8.5 7M12 9.5H3M5.5 7L3 9.5 5.5 12" />
export const TrashGlyph = () => <Glyph path="M2.5 3.5h9M5.5 3.5V2h3v1.5M3.5 3.5l.7 8.5h5.6l.7-8.5" />
