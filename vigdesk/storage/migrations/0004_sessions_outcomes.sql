-- The VIG timeline, helping questions and questionnaire administrations with their scores.
CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL
               CHECK (kind IN ('initial_meeting', 'filming', 'shared_review', 'final_review')),
    held_on    TEXT NOT NULL,
    notes      TEXT NOT NULL DEFAULT '',
    summary    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX sessions_case ON sessions(case_id, held_on);

-- Footage and clips filmed at or shown in a session. Deleting media drops the link.
CREATE TABLE session_media (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    media_id   TEXT NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, media_id)
);
CREATE INDEX session_media_media ON session_media(media_id);

CREATE TABLE helping_questions (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    agreed_on  TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX helping_questions_case ON helping_questions(case_id);

-- session_id NULL is the baseline rating.
CREATE TABLE helping_ratings (
    id          TEXT PRIMARY KEY,
    question_id TEXT NOT NULL REFERENCES helping_questions(id) ON DELETE CASCADE,
    rated_by    TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    session_id  TEXT REFERENCES sessions(id) ON DELETE CASCADE,
    score       INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    rated_on    TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE UNIQUE INDEX helping_ratings_once
    ON helping_ratings(question_id, rated_by, coalesce(session_id, ''));

CREATE TABLE questionnaire_administrations (
    id                 TEXT PRIMARY KEY,
    case_id            TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    instrument_id      TEXT NOT NULL,
    instrument_version TEXT NOT NULL,
    respondent_id      TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    timepoint          TEXT NOT NULL CHECK (timepoint IN ('baseline', 'mid', 'end')),
    completed_on       TEXT NOT NULL,
    recorded_at        TEXT NOT NULL,
    UNIQUE (case_id, instrument_id, respondent_id, timepoint)
);

CREATE TABLE questionnaire_answers (
    administration_id TEXT NOT NULL
                      REFERENCES questionnaire_administrations(id) ON DELETE CASCADE,
    item_id           TEXT NOT NULL,
    position          INTEGER NOT NULL,
    value             INTEGER NOT NULL,
    PRIMARY KEY (administration_id, item_id)
);

-- value NULL: too many answers missing to score that scale.
CREATE TABLE questionnaire_scores (
    administration_id TEXT NOT NULL
                      REFERENCES questionnaire_administrations(id) ON DELETE CASCADE,
    scale             TEXT NOT NULL,
    position          INTEGER NOT NULL,
    value             REAL,
    answered          INTEGER NOT NULL,
    items             INTEGER NOT NULL,
    prorated          INTEGER NOT NULL,
    band              TEXT,
    PRIMARY KEY (administration_id, scale)
);
