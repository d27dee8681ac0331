import { imageFilterSchema, imageLabelFilters, type ImageFilter, type ImageLabelFilter } from '../../shared/api/images'
import { classCodePattern, imageIdPattern } from '../../shared/ids'

/**
 * What the browse view shows, as its URL query holds it so a view can be saved, reopened and
 * shared: `?class=/m/01g317&sub=1&source=machine&min=0.5&max=1&split=train&boxes=yes&sort=confidence&at=1200&image=…`.
 * Defaults are left out; other parameters (the `token`) are kept as they are. Pure, no DOM.
 */
export interface ViewState {
  filter: ImageFilter
  /** The offset in the listing of the first visible tile. */
  at: number
  /** The image open in the image view, if any. */
  image: string | null
}

export const defaultFilter: ImageFilter = imageFilterSchema.parse({})

/** The query parameters this module owns; everything else in the URL is left alone. */
const viewKeys = ['class', 'sub', 'source', 'min', 'max', 'split', 'boxes', 'ondisk', 'labels', 'sort', 'at', 'image'] as const

/**
 * The filter as it is asked for and written down: settings that only mean something with a class
 * (sub-classes, source, confidence range, confidence order) go back to their defaults without one,
 * and the confidence range without the machine source.
 */
export function effectiveFilter(filter: ImageFilter): ImageFilter {
  const withClass = filter.classCode !== null
  const machine = withClass && filter.labelFilter === 'machine'
  return {
    classCode: filter.classCode,
    includeDescendants: withClass && filter.includeDescendants,
    labelFilter: withClass ? filter.labelFilter : defaultFilter.labelFilter,
    minConfidence: machine ? filter.minConfidence : defaultFilter.minConfidence,
    maxConfidence: machine ? filter.maxConfidence : defaultFilter.maxConfidence,
    split: filter.split,
    hasBoxes: filter.hasBoxes,
    onDisk: filter.onDisk,
    hasLabels: filter.hasLabels,
    sort: withClass ? filter.sort : 'id',
  }
}

/** One string per distinct listing: equal filters give equal keys. */
export function filterKey(filter: ImageFilter): string {
  return JSON.stringify(effectiveFilter(filter))
}

const yesNo = (value: string | null): boolean | null => (value === 'yes' ? true : value === 'no' ? false : null)
const yesNoText = (value: boolean | null): string | null => (value === null ? null : value ? 'yes' : 'no')

function unitNumber(text: string | null, fallback: number): number {
  if (text === null || text.trim() === '') return fallback
  const value = Number(text)
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : fallback
}

/** The view a query string describes; anything malformed falls back to its default. */
export function readViewState(params: URLSearchParams): ViewState {
  const code = params.get('class')
  const source = params.get('source')
  const split = params.get('split')
  const onDisk = params.get('ondisk')
  const candidate: ImageFilter = {
    ...defaultFilter,
    classCode: code !== null && classCodePattern.test(code) ? code : null,
    includeDescendants: params.get('sub') === '1',
    labelFilter: imageLabelFilters.includes(source as ImageLabelFilter) ? (source as ImageLabelFilter) : defaultFilter.labelFilter,
    minConfidence: unitNumber(params.get('min'), defaultFilter.minConfidence),
    maxConfidence: unitNumber(params.get('max'), defaultFilter.maxConfidence),
    split: split !== null && /^[a-z0-9_-]{1,32}$/.test(split) ? split : null,
    hasBoxes: yesNo(params.get('boxes')),
    onDisk: onDisk === 'no' || onDisk === 'any' ? onDisk : 'yes',
    hasLabels: yesNo(params.get('labels')),
    sort: params.get('sort') === 'confidence' ? 'confidence' : 'id',
  }
  if (candidate.minConfidence > candidate.maxConfidence) {
    candidate.minConfidence = defaultFilter.minConfidence
    candidate.maxConfidence = defaultFilter.maxConfidence
  }
  const at = Number(params.get('at') ?? 0)
  const image = params.get('image')
  return {
    filter: effectiveFilter(candidate),
    at: Number.isSafeInteger(at) && at > 0 ? at : 0,
    image: image !== null && imageIdPattern.test(image) ? image : null,
  }
}

/** `params` with the view written into it (defaults left out) and every other parameter kept. */
export function writeViewState(params: URLSearchParams, view: ViewState): URLSearchParams {
  const next = new URLSearchParams(params)
  for (const key of viewKeys) next.delete(key)
  const f = effectiveFilter(view.filter)
  const set = (key: (typeof viewKeys)[number], value: string | null) => {
    if (value !== null) next.set(key, value)
  }
  set('class', f.classCode)
  set('sub', f.includeDescendants ? '1' : null)
  set('source', f.labelFilter !== defaultFilter.labelFilter ? f.labelFilter : null)
  set('min', f.minConfidence !== defaultFilter.minConfidence ? String(f.minConfidence) : null)
  set('max', f.maxConfidence !== defaultFilter.maxConfidence ? String(f.maxConfidence) : null)
  set('split', f.split)
  set('boxes', yesNoText(f.hasBoxes))
  set('ondisk', f.onDisk !== defaultFilter.onDisk ? f.onDisk : null)
  set('labels', yesNoText(f.hasLabels))
  set('sort', f.sort !== defaultFilter.sort ? f.sort : null)
  set('at', view.at > 0 ? String(view.at) : null)
  set('image', view.image)
  return next
}
