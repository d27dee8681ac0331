import type { Migration } from './index'

/**
 * Training runs. The trainer process writes its own rows (so a parent that dies loses nothing): the run
 * with its config and backend, one row per optimizer step and per epoch, and its checkpoints (folders under
 * the workspace's runs/). `status` is `running` while a trainer holds the run; a run found `running` with
 * no live trainer was interrupted and can be resumed.
 */
export const migration: Migration = {
  version: 3,
  name: 'training',
  up(db) {
    db.exec(`
      CREATE TABLE training_runs (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        config TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('created', 'running', 'paused', 'completed', 'stopped', 'time-budget', 'failed', 'interrupted')),
        backend TEXT,
        backend_reason TEXT,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        seconds REAL NOT NULL DEFAULT 0,
        error TEXT,
        best_metric REAL,
        best_stage INTEGER,
        best_epoch INTEGER,
        images_per_second REAL,
        pid INTEGER
      );

      CREATE TABLE training_steps (
        run_id INTEGER NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
        global_step INTEGER NOT NULL,
        stage_index INTEGER NOT NULL,
        epoch INTEGER NOT NULL,
        step INTEGER NOT NULL,
        loss REAL NOT NULL,
        lr REAL NOT NULL,
        input_size INTEGER NOT NULL,
        images_per_second REAL NOT NULL,
        at REAL NOT NULL,
        PRIMARY KEY (run_id, global_step)
      ) WITHOUT ROWID;

      CREATE TABLE training_epochs (
        run_id INTEGER NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
        stage_index INTEGER NOT NULL,
        epoch INTEGER NOT NULL,
        stage TEXT NOT NULL,
        train_loss REAL NOT NULL,
        validation_loss REAL NOT NULL,
        accuracy REAL,
        f2 REAL,
        threshold REAL,
        baseline REAL,
        images_per_second REAL NOT NULL,
        seconds REAL NOT NULL,
        optimizer TEXT NOT NULL,
        at REAL NOT NULL,
        PRIMARY KEY (run_id, stage_index, epoch)
      ) WITHOUT ROWID;

      CREATE TABLE training_checkpoints (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
        stage_index INTEGER NOT NULL,
        epoch INTEGER NOT NULL,
        -- 'epoch' at an epoch's end, 'position' for the periodic mid-epoch save
        kind TEXT NOT NULL CHECK (kind IN ('epoch', 'position')),
        path TEXT NOT NULL,
        metric REAL,
        best INTEGER NOT NULL DEFAULT 0,
        global_step INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE training_logs (
        run_id INTEGER NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
        at REAL NOT NULL,
        level TEXT NOT NULL,
        text TEXT NOT NULL
      );

      CREATE INDEX training_checkpoints_by_run ON training_checkpoints (run_id, stage_index, epoch);
      CREATE INDEX training_logs_by_run ON training_logs (run_id, at);
    `)
  },
}
