-- Cases, people, keys and the sealed media index.
CREATE TABLE cases (
    id                 TEXT PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    initials           TEXT NOT NULL,
    referral_date      TEXT NOT NULL,
    referral_source    TEXT NOT NULL DEFAULT '',
    primary_difficulty TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL DEFAULT 'referred'
                       CHECK (status IN ('referred', 'active', 'closed')),
    closed_on          TEXT,
    closure_reason     TEXT,
    created_at         TEXT NOT NULL
);

-- The case key, wrapped by the master key (AAD = vigdesk/case-key/<case id>).
CREATE TABLE case_keys (
    case_id     TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    wrapped_key BLOB NOT NULL
);

CREATE TABLE people (
    id                      TEXT PRIMARY KEY,
    case_id                 TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind                    TEXT NOT NULL CHECK (kind IN ('adult', 'child')),
    full_name               TEXT NOT NULL,
    initials                TEXT NOT NULL,
    date_of_birth           TEXT,
    parental_responsibility INTEGER NOT NULL DEFAULT 0,
    relationship            TEXT NOT NULL DEFAULT '',
    created_at              TEXT NOT NULL
);
CREATE INDEX people_case ON people(case_id);

-- One row per sealed file in blobs/; the blob key is wrapped by its case key.
CREATE TABLE blobs (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    wrapped_key BLOB NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX blobs_case ON blobs(case_id);

CREATE TABLE media (
    id              TEXT PRIMARY KEY,
    case_id         TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    blob_id         TEXT NOT NULL REFERENCES blobs(id),
    kind            TEXT NOT NULL CHECK (kind IN ('footage', 'clip', 'still')),
    title           TEXT NOT NULL DEFAULT '',
    source_media_id TEXT REFERENCES media(id) ON DELETE SET NULL,
    start_s         REAL,
    end_s           REAL,
    duration_s      REAL NOT NULL DEFAULT 0,
    width           INTEGER NOT NULL DEFAULT 0,
    height          INTEGER NOT NULL DEFAULT 0,
    rotation        INTEGER NOT NULL DEFAULT 0,
    fps             TEXT NOT NULL DEFAULT '',
    video_codec     TEXT NOT NULL DEFAULT '',
    audio_codec     TEXT NOT NULL DEFAULT '',
    recorded_at     TEXT,
    created_at      TEXT NOT NULL,
    labels          TEXT NOT NULL DEFAULT '[]',
    note            TEXT NOT NULL DEFAULT '',
    thumb_blob_id   TEXT REFERENCES blobs(id)
);
CREATE INDEX media_case ON media(case_id);
