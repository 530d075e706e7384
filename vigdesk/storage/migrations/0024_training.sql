-- Trainees' accreditation log (issue 24). Cycles are kept under an anonymous client token
-- so a trainee's progress outlives the family's records: the token's link to the case
-- (training_clients) and each cycle's link to its review session go with the case; the
-- cycle rows hold the token and two dates, nothing else. Not synced: a trainee's own log.
CREATE TABLE training_clients (
    case_id TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    token   TEXT NOT NULL UNIQUE
);

CREATE TABLE training_cycles (
    id          TEXT PRIMARY KEY,
    client      TEXT NOT NULL,
    filmed_on   TEXT NOT NULL,
    reviewed_on TEXT NOT NULL
);

CREATE TABLE training_cycle_reviews (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    cycle_id   TEXT NOT NULL UNIQUE REFERENCES training_cycles(id) ON DELETE CASCADE
);

-- Supervision the trainee received; holds no family identifiers (checked on entry).
CREATE TABLE supervision_log (
    id         TEXT PRIMARY KEY,
    held_on    TEXT NOT NULL,
    minutes    INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    supervisor TEXT NOT NULL,
    format     TEXT NOT NULL CHECK (format IN ('individual', 'group')),
    watched    TEXT NOT NULL DEFAULT '[]',
    learning   TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX supervision_log_held ON supervision_log(held_on);
