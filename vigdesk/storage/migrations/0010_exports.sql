-- The register of supervision and training packages: what went to whom, when, why,
-- until when, and which media; a recall is recorded when consent is withdrawn.
CREATE TABLE exports (
    id             TEXT PRIMARY KEY,          -- the package id (also in the file's header)
    case_id        TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    purpose        TEXT NOT NULL CHECK (purpose IN ('supervision', 'training')),
    recipient      TEXT NOT NULL,             -- the supervisor's or trainer's name
    lock_mode      TEXT NOT NULL CHECK (lock_mode IN ('passphrase', 'public-key')),
    recipient_key  TEXT NOT NULL DEFAULT '',  -- key fingerprint in public-key mode
    made_by        TEXT NOT NULL,             -- member id of the practitioner
    created_at     TEXT NOT NULL,
    expires_on     TEXT NOT NULL,
    size           INTEGER NOT NULL,
    sha256         TEXT NOT NULL,             -- of the package file as written
    recalled_on    TEXT,
    recall_note    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exports_case ON exports(case_id);

-- No foreign key to media: the register outlives clips that retention deletes.
CREATE TABLE export_media (
    export_id TEXT NOT NULL REFERENCES exports(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    media_id  TEXT NOT NULL,
    PRIMARY KEY (export_id, position)
);
CREATE INDEX export_media_media ON export_media(media_id);
