-- Legal holds suspend deletion of a case; each sweep leaves a row for the dashboard.
CREATE TABLE legal_holds (
    case_id TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    reason  TEXT NOT NULL,
    set_by  TEXT NOT NULL,
    set_at  TEXT NOT NULL
);

CREATE TABLE retention_runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    dry_run     INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    held        INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    message     TEXT NOT NULL DEFAULT ''
);
