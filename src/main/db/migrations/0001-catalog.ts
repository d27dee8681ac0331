import type { Migration } from './index'

/**
 * The catalog: integer keys everywhere (40 M label and box rows at full scale), label sources as
 * small integers (src/shared/labels.ts), per-class aggregates kept in `class_stats`.
 */
export const migration: Migration = {
  version: 1,
  name: 'catalog',
  up(db) {
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

      CREATE TABLE classes (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL DEFAULT '',
        boxable INTEGER NOT NULL DEFAULT 0,
        trainable INTEGER NOT NULL DEFAULT 0,
        described INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE class_edges (
        parent_id INTEGER NOT NULL REFERENCES classes(id),
        child_id INTEGER NOT NULL REFERENCES classes(id),
        kind TEXT NOT NULL CHECK (kind IN ('subcategory', 'part')),
        PRIMARY KEY (parent_id, child_id, kind)
      ) WITHOUT ROWID;

      CREATE TABLE images (
        id INTEGER PRIMARY KEY,
        image_key TEXT NOT NULL UNIQUE,
        split TEXT NOT NULL,
        path TEXT,
        width INTEGER,
        height INTEGER
      );

      CREATE TABLE labels (
        image_id INTEGER NOT NULL,
        class_id INTEGER NOT NULL,
        source INTEGER NOT NULL,
        confidence REAL NOT NULL,
        PRIMARY KEY (image_id, class_id, source)
      ) WITHOUT ROWID;

      CREATE TABLE boxes (
        id INTEGER PRIMARY KEY,
        image_id INTEGER NOT NULL,
        class_id INTEGER NOT NULL,
        source TEXT NOT NULL,
        confidence REAL NOT NULL,
        x_min REAL NOT NULL, x_max REAL NOT NULL, y_min REAL NOT NULL, y_max REAL NOT NULL,
        is_occluded INTEGER NOT NULL, is_truncated INTEGER NOT NULL, is_group_of INTEGER NOT NULL,
        is_depiction INTEGER NOT NULL, is_inside INTEGER NOT NULL
      );

      CREATE TABLE class_stats (
        class_id INTEGER PRIMARY KEY,
        human_positive_images INTEGER NOT NULL,
        human_negative_images INTEGER NOT NULL,
        machine_images INTEGER NOT NULL,
        tuning_images INTEGER NOT NULL,
        boxes INTEGER NOT NULL
      );

      CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL,
        kind TEXT NOT NULL,
        rows INTEGER NOT NULL,
        skipped INTEGER NOT NULL,
        finished_at TEXT NOT NULL
      );

      CREATE INDEX labels_by_class ON labels (class_id, source, image_id);
      CREATE INDEX boxes_by_image ON boxes (image_id);
      CREATE INDEX boxes_by_class ON boxes (class_id, image_id);
      CREATE INDEX images_by_split ON images (split, id);
    `)
  },
}
