import type { Migration } from './index'

/**
 * Annotation. `edits` is the append-only history (what, before, after, when, who); nothing updates or
 * deletes its rows. The merged state every reader sees lives in `labels` and `boxes` themselves, so
 * browse, statistics and the trainer read it at no extra cost; the imported rows an edit replaces are
 * kept verbatim (`label_originals`, `box_edits.original`) and the current overlay (`label_verdicts`,
 * `box_edits`) is what indexing a file again re-applies (src/main/services/annotate/reapply-edits.ts).
 */
export const migration: Migration = {
  version: 4,
  name: 'annotate',
  up(db) {
    db.exec(`
      CREATE TABLE edits (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        author TEXT NOT NULL,
        image_id INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('label', 'box-create', 'box-update', 'box-delete')),
        class_id INTEGER NOT NULL,
        box_id INTEGER,
        -- JSON: { verdict } for labels ('imported' before the first edit), the changed box fields for boxes
        before TEXT,
        after TEXT,
        reverts INTEGER REFERENCES edits(id)
      );
      CREATE INDEX edits_by_image ON edits (image_id, id);

      -- one row per answered edit request: a repeated request id gets the same receipt and writes nothing
      CREATE TABLE edit_requests (request_id TEXT PRIMARY KEY, receipt TEXT NOT NULL) WITHOUT ROWID;

      -- the current human verdict an edit set on (image, class): 1 present, 0 absent, NULL no human label
      CREATE TABLE label_verdicts (
        image_id INTEGER NOT NULL,
        class_id INTEGER NOT NULL,
        verdict INTEGER,
        PRIMARY KEY (image_id, class_id)
      ) WITHOUT ROWID;

      -- imported human label rows a verdict took out of labels, kept as they were imported
      CREATE TABLE label_originals (
        image_id INTEGER NOT NULL,
        class_id INTEGER NOT NULL,
        source INTEGER NOT NULL,
        confidence REAL NOT NULL,
        PRIMARY KEY (image_id, class_id, source)
      ) WITHOUT ROWID;

      -- boxes an edit created or changed; deleted = 1 while the box is absent from boxes;
      -- original: the imported row as JSON (null for a box drawn in oiw)
      CREATE TABLE box_edits (
        box_id INTEGER PRIMARY KEY,
        image_id INTEGER NOT NULL,
        source_id INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        original TEXT
      );
    `)
  },
}
