import type { Migration } from './index'

/**
 * Which sample submission named which image (`sample` is the file's path, as `imports.file` holds it), so that
 * indexing a sample again can take away the test ids it brought and no longer names (docs/formats.md). A catalog
 * indexed before this credits every test image to every sample it indexed: the next import of one drops nothing
 * another sample may have brought, and once each is indexed again the records are exact.
 */
export const migration: Migration = {
  version: 7,
  name: 'sample-images',
  up(db) {
    db.exec(`
      CREATE TABLE sample_images (
        sample TEXT NOT NULL,
        image_id INTEGER NOT NULL,
        PRIMARY KEY (sample, image_id)
      ) WITHOUT ROWID;
      CREATE INDEX sample_images_by_image ON sample_images (image_id);

      INSERT INTO sample_images (sample, image_id)
        SELECT s.file, i.id FROM (SELECT DISTINCT file FROM imports WHERE kind = 'sample-submission') s
        CROSS JOIN images i INDEXED BY images_by_split WHERE i.split = 'test';
    `)
  },
}
