import type { Migration } from './index'

/**
 * Precomputed tables of the explore page, rewritten by refreshExploreStats after each indexing run
 * (src/main/db/queries/explore/refresh-explore.ts), so every stats method answers from a few
 * thousand rows instead of the 40 M label rows.
 */
export const migration: Migration = {
  version: 2,
  name: 'explore',
  up(db) {
    db.exec(`
      -- machine labels of a class whose (image, class) also has a human label, by machine confidence band
      -- (band b: [b/10, (b+1)/10), 1 in band 9) and human verdict; a verdict either human source gives counts
      CREATE TABLE class_agreement (
        class_id INTEGER NOT NULL,
        band INTEGER NOT NULL,
        verified_present INTEGER NOT NULL,
        verified_absent INTEGER NOT NULL,
        PRIMARY KEY (class_id, band)
      ) WITHOUT ROWID;

      -- images with human-positive labels of both a and b; both directions stored (a <> b), so the
      -- primary key serves "every class that co-occurs with a"
      CREATE TABLE class_pairs (
        a INTEGER NOT NULL,
        b INTEGER NOT NULL,
        images INTEGER NOT NULL,
        PRIMARY KEY (a, b)
      ) WITHOUT ROWID;

      -- labels per image: source 'human' (human-positive labels of images with any human label) or
      -- 'tuning' (tuning labels of tuning images); the last bin holds every image with at least its count
      CREATE TABLE label_histogram (
        source TEXT NOT NULL,
        labels INTEGER NOT NULL,
        images INTEGER NOT NULL,
        PRIMARY KEY (source, labels)
      ) WITHOUT ROWID;

      -- a catalog indexed before this migration gets these tables filled when it is next opened
      INSERT INTO meta (key, value) SELECT 'stats.stale', '1' WHERE EXISTS (SELECT 1 FROM imports)
        ON CONFLICT (key) DO UPDATE SET value = '1';
    `)
  },
}
