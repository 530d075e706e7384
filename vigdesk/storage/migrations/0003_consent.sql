-- Consent: one row per adult with parental responsibility, child and purpose.
CREATE TABLE consents (
    id               TEXT PRIMARY KEY,
    case_id          TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    giver_id         TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    child_id         TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    purpose          TEXT NOT NULL CHECK (purpose IN ('film', 'keep', 'supervision', 'training')),
    granted          INTEGER NOT NULL,
    form_version     TEXT NOT NULL,
    given_on         TEXT NOT NULL,
    method           TEXT NOT NULL CHECK (method IN ('signed_on_screen', 'scanned_paper')),
    evidence_blob_id TEXT REFERENCES blobs(id),
    review_due       TEXT,
    child_view       TEXT NOT NULL DEFAULT '',
    withdrawn_on     TEXT,
    withdrawn_reason TEXT NOT NULL DEFAULT '',
    recorded_at      TEXT NOT NULL
);
CREATE INDEX consents_case ON consents(case_id);
