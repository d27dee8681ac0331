import { datasetFileKinds, type DatasetFileKind } from '../../../shared/api/indexing'

/** How each kind of file is recognized (by name) and what header it must start with (null: none). */
export const datasetFiles: Record<DatasetFileKind, { names: readonly string[]; header: readonly string[] | null }> = {
  'boxable-classes': { names: ['class-descriptions-boxable.csv'], header: null },
  classes: { names: ['class-descriptions.csv'], header: null },
  'trainable-classes': { names: ['classes-trainable.csv'], header: ['label_code'] },
  hierarchy: { names: ['bbox_labels_600_hierarchy.json'], header: null },
  'human-labels': { names: ['train_human_labels.csv'], header: ['ImageID', 'Source', 'LabelName', 'Confidence'] },
  'machine-labels': { names: ['train_machine_labels.csv'], header: ['ImageID', 'Source', 'LabelName', 'Confidence'] },
  boxes: {
    names: ['train_bounding_boxes.csv'],
    header: [
      'ImageID', 'Source', 'LabelName', 'Confidence', 'XMin', 'XMax', 'YMin', 'YMax',
      'IsOccluded', 'IsTruncated', 'IsGroupOf', 'IsDepiction', 'IsInside',
    ],
  },
  'tuning-labels': { names: ['tuning_labels.csv'], header: null },
  'sample-submission': { names: ['stage_1_sample_submission.csv', 'stage_2_sample_submission.csv', 'sample_submission.csv'], header: ['image_id', 'labels'] },
  submission: { names: [], header: ['image_id', 'labels'] },
  scores: { names: [], header: ['image_id', 'label_code', 'score'] },
}

/** Import order: classes before the rows that name them, big label files before boxes (the contract's order). */
export const importOrder: readonly DatasetFileKind[] = datasetFileKinds

/** The kind of a file from its name, or null when the name is not one of those of docs/formats.md. */
export function kindOfFile(name: string): DatasetFileKind | null {
  for (const kind of importOrder) if (datasetFiles[kind].names.includes(name)) return kind
  return null
}
