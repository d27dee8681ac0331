/**
 * The files of an Open Images dataset folder (../shared/FORMATS.md), detected by name.
 * `header` is null for files that ship without one.
 */
export const datasetFiles = {
  boxableClasses: { name: 'class-descriptions-boxable.csv', header: null },
  classes: { name: 'class-descriptions.csv', header: null },
  trainable: { name: 'classes-trainable.csv', header: ['label_code'] },
  hierarchy: { name: 'bbox_labels_600_hierarchy.json', header: null },
  humanLabels: { name: 'train_human_labels.csv', header: ['ImageID', 'Source', 'LabelName', 'Confidence'] },
  machineLabels: { name: 'train_machine_labels.csv', header: ['ImageID', 'Source', 'LabelName', 'Confidence'] },
  boxes: {
    name: 'train_bounding_boxes.csv',
    header: [
      'ImageID', 'Source', 'LabelName', 'Confidence', 'XMin', 'XMax', 'YMin', 'YMax',
      'IsOccluded', 'IsTruncated', 'IsGroupOf', 'IsDepiction', 'IsInside',
    ],
  },
  tuningLabels: { name: 'tuning_labels.csv', header: null },
} as const

export type DatasetFileKind = keyof typeof datasetFiles
