/**
 * The trainer's view of the catalog: what each stage learns from, read in streaming passes.
 * Multi-label images live in label-samples.ts, box crops in box-samples.ts; both split training and
 * validation by the same stable hash of the image key (training-images.ts).
 */
export { loadLabelSamples, targetsOf, knownOf, type HeadClass, type LabelSamples, type LabelSplit } from './label-samples'
export { loadBoxSamples, boxSampleAt, minBoxArea, type Box, type BoxClass, type BoxSample, type BoxSamples, type BoxSplit } from './box-samples'
export { validationHash, type SampleImage } from './training-images'
