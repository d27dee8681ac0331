import type { Migration } from './index'

/**
 * Kaggle submission pipelines (`oiw kaggle`, the Train tab's Kaggle submission): what was asked (dataset,
 * sample, output, budget, preset), each step's state and seconds as JSON, the training run and prediction set
 * it made, and the final report. A pipeline left `running` by a process that died resumes from its steps.
 */
export const migration: Migration = {
  version: 6,
  name: 'kaggle',
  up(db) {
    db.exec(`
      CREATE TABLE kaggle_pipelines (
        id INTEGER PRIMARY KEY,
        dataset TEXT,
        sample TEXT NOT NULL,
        out TEXT NOT NULL,
        budget_seconds REAL NOT NULL,
        preset TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
        steps TEXT NOT NULL,
        run_id INTEGER REFERENCES training_runs(id) ON DELETE SET NULL,
        predictions TEXT,
        report TEXT,
        error TEXT,
        created_at TEXT NOT NULL,
        finished_at TEXT
      );
    `)
  },
}
