import type { Migration } from './index'

/**
 * The catalog. Integer keys everywhere (40 M label and box rows at full scale); label sources as small
 * integers (src/shared/labels.ts); image paths relative to an image root; per-class aggregates kept
 * in `class_stats` and `class_confidence_bands`, refreshed after each import.
 * Bulk imports drop a big table's secondary indexes and build them again from sqlite_master's SQL.
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
        -- 0 for a code that labels use but no class-descriptions file names: an unknown class
        described INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE class_edges (
        parent_id INTEGER NOT NULL REFERENCES classes(id),
        child_id INTEGER NOT NULL REFERENCES classes(id),
        kind TEXT NOT NULL CHECK (kind IN ('subcategory', 'part')),
        PRIMARY KEY (parent_id, child_id, kind)
      ) WITHOUT ROWID;

      CREATE TABLE image_roots (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);

      CREATE TABLE images (
        id INTEGER PRIMARY KEY,
        image_key TEXT NOT NULL UNIQUE,
        split TEXT NOT NULL,
        root_id INTEGER REFERENCES image_roots(id),
        -- relative to the root; null when the image is known from labels only
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

      CREATE TABLE box_sources (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);

      CREATE TABLE boxes (
        id INTEGER PRIMARY KEY,
        image_id INTEGER NOT NULL,
        class_id INTEGER NOT NULL,
        source_id INTEGER NOT NULL REFERENCES box_sources(id),
        confidence REAL NOT NULL,
        x_min REAL NOT NULL, x_max REAL NOT NULL, y_min REAL NOT NULL, y_max REAL NOT NULL,
        is_occluded INTEGER NOT NULL, is_truncated INTEGER NOT NULL, is_group_of INTEGER NOT NULL,
        is_depiction INTEGER NOT NULL, is_inside INTEGER NOT NULL
      );

      CREATE TABLE prediction_sets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('submission', 'scores')),
        file TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE predictions (
        set_id INTEGER NOT NULL REFERENCES prediction_sets(id) ON DELETE CASCADE,
        image_id INTEGER NOT NULL,
        class_id INTEGER NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (set_id, image_id, class_id)
      ) WITHOUT ROWID;

      CREATE TABLE class_stats (
        class_id INTEGER PRIMARY KEY,
        human_positive_images INTEGER NOT NULL,
        human_negative_images INTEGER NOT NULL,
        machine_images INTEGER NOT NULL,
        tuning_images INTEGER NOT NULL,
        boxes INTEGER NOT NULL,
        box_images INTEGER NOT NULL
      );

      -- machine labels per class by confidence band: band b holds confidences in [b/10, (b+1)/10), band 9 includes 1
      CREATE TABLE class_confidence_bands (
        class_id INTEGER NOT NULL,
        band INTEGER NOT NULL,
        labels INTEGER NOT NULL,
        PRIMARY KEY (class_id, band)
      ) WITHOUT ROWID;

      CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL,
        kind TEXT NOT NULL,
        rows INTEGER NOT NULL,
        skipped INTEGER NOT NULL,
        skipped_by_kind TEXT NOT NULL DEFAULT '{}',
        bytes INTEGER NOT NULL DEFAULT 0,
        seconds REAL NOT NULL DEFAULT 0,
        finished_at TEXT NOT NULL
      );

      CREATE INDEX classes_by_name ON classes (name COLLATE NOCASE);
      CREATE INDEX classes_by_code ON classes (code COLLATE NOCASE);
      CREATE INDEX images_by_split ON images (split, id);
      CREATE INDEX images_by_path ON images (root_id, path);
      CREATE INDEX labels_by_class ON labels (class_id, source, confidence, image_id);
      CREATE INDEX boxes_by_image ON boxes (image_id);
      CREATE INDEX boxes_by_class ON boxes (class_id, image_id);
      CREATE INDEX predictions_by_class ON predictions (set_id, class_id, score);
    `)
  },
}

