-- Sync with the site folder (DESIGN §6): case assignment, device identity, the pinned
-- site, received keys, a change log filled by triggers, per-row merge state, the outbox
-- of sealed change sets, peer cursors, conflicts and transfer bookkeeping.

-- Who works on a case: its key is HPKE-wrapped to these members (and to every BSO).
CREATE TABLE case_members (
    case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    member_id   TEXT NOT NULL,
    assigned_by TEXT NOT NULL,
    assigned_at TEXT NOT NULL,
    PRIMARY KEY (case_id, member_id)
);

-- Settled conflicts, synced so a conflict settled on one laptop is settled everywhere.
CREATE TABLE conflict_settlements (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    choice     TEXT NOT NULL,
    settled_by TEXT NOT NULL,
    settled_at TEXT NOT NULL
);

CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- This device's keys; private parts wrapped by the master key (AAD names device and use).
CREATE TABLE sync_identity (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    device_id    TEXT NOT NULL,
    member_id    TEXT NOT NULL,
    sign_private BLOB NOT NULL,
    hpke_private BLOB NOT NULL,
    sign_public  BLOB NOT NULL,
    hpke_public  BLOB NOT NULL,
    created_at   TEXT NOT NULL
);

-- The site pinned at enrolment and the newest verified manifest seen.
CREATE TABLE sync_site (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    site_id       TEXT NOT NULL,
    location      TEXT NOT NULL,
    site_key      BLOB NOT NULL,
    version       INTEGER NOT NULL,
    manifest_hash TEXT NOT NULL,
    manifest      TEXT NOT NULL,
    enrolled_at   TEXT NOT NULL,
    last_sync_at  TEXT
);

-- Site data keys by epoch, and case keys received from the site (both master-key wrapped).
CREATE TABLE sync_site_keys (
    epoch       INTEGER PRIMARY KEY,
    wrapped_key BLOB NOT NULL
);
CREATE TABLE sync_case_keys (
    case_id     TEXT PRIMARY KEY,
    wrapped_key BLOB NOT NULL
);

-- Filled by the triggers below: which rows changed since the last capture.
CREATE TABLE sync_changes (
    seq     INTEGER PRIMARY KEY,
    tbl     TEXT NOT NULL,
    pk      TEXT NOT NULL,
    case_id TEXT
);

-- Merge state per synced row: liveness heads and per-field (value, HLC, base HLC).
CREATE TABLE sync_rows (
    tbl     TEXT NOT NULL,
    pk      TEXT NOT NULL,
    case_id TEXT NOT NULL,
    alive   INTEGER NOT NULL,
    heads   TEXT NOT NULL,
    fields  TEXT NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tbl, pk)
);
CREATE INDEX sync_rows_case ON sync_rows(case_id);
CREATE INDEX sync_rows_pending ON sync_rows(pending) WHERE pending = 1;

CREATE TABLE sync_outbox (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    scope    TEXT NOT NULL CHECK (scope IN ('case', 'site')),
    scope_id TEXT NOT NULL,
    entry    TEXT NOT NULL
);

CREATE TABLE sync_peers (
    device_id TEXT PRIMARY KEY,
    last_seq  INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);

-- Journal sections skipped for want of a key; read again once the key arrives.
CREATE TABLE sync_deferred (
    device_id TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    scope_id  TEXT NOT NULL,
    PRIMARY KEY (device_id, seq, scope_id)
);

CREATE TABLE sync_shredded (
    case_id TEXT PRIMARY KEY,
    hlc     TEXT NOT NULL
);

CREATE TABLE sync_conflicts (
    id          TEXT PRIMARY KEY,
    tbl         TEXT NOT NULL,
    pk          TEXT NOT NULL,
    case_id     TEXT NOT NULL,
    col         TEXT NOT NULL,
    kept_value  TEXT NOT NULL,
    kept_hlc    TEXT NOT NULL,
    other_value TEXT NOT NULL,
    other_hlc   TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    settled_at  TEXT,
    resolution  TEXT
);
CREATE INDEX sync_conflicts_open ON sync_conflicts(tbl, pk, col) WHERE settled_at IS NULL;

CREATE TABLE sync_wraps (
    case_id   TEXT NOT NULL,
    member_id TEXT NOT NULL,
    PRIMARY KEY (case_id, member_id)
);

CREATE TABLE sync_blobs (
    blob_id  TEXT PRIMARY KEY,
    uploaded INTEGER NOT NULL DEFAULT 0,
    present  INTEGER NOT NULL DEFAULT 0
);

-- Site files to delete when the site is next reachable: ('blob', id) or ('case', id).
CREATE TABLE sync_share_deletes (
    kind TEXT NOT NULL,
    ref  TEXT NOT NULL,
    PRIMARY KEY (kind, ref)
);

CREATE TABLE sync_runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    ok          INTEGER NOT NULL DEFAULT 0,
    summary     TEXT NOT NULL DEFAULT ''
);

-- Destroying a case key is a shred: the capture turns it into a site-wide shred notice.
CREATE TRIGGER sync_case_keys_ad AFTER DELETE ON case_keys BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('case_keys',
        json_array(old.case_id), old.case_id);
END;

-- Change capture: every insert, update and delete of a synced table logs the row's key.
CREATE TRIGGER sync_cases_ai AFTER INSERT ON cases BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('cases',
        json_array(new.id), new.id);
END;
CREATE TRIGGER sync_cases_au AFTER UPDATE ON cases BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'cases',
        json_array(old.id), old.id WHERE old.id IS NOT new.id;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('cases',
        json_array(new.id), new.id);
END;
CREATE TRIGGER sync_cases_ad AFTER DELETE ON cases BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('cases',
        json_array(old.id), old.id);
END;
CREATE TRIGGER sync_people_ai AFTER INSERT ON people BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('people',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_people_au AFTER UPDATE ON people BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'people',
        json_array(old.id), old.case_id WHERE old.id IS NOT new.id;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('people',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_people_ad AFTER DELETE ON people BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('people',
        json_array(old.id), old.case_id);
END;
CREATE TRIGGER sync_blobs_ai AFTER INSERT ON blobs BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('blobs',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_blobs_au AFTER UPDATE ON blobs BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'blobs',
        json_array(old.id), old.case_id WHERE old.id IS NOT new.id;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('blobs',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_blobs_ad AFTER DELETE ON blobs BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('blobs',
        json_array(old.id), old.case_id);
END;
CREATE TRIGGER sync_media_ai AFTER INSERT ON media BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('media',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_media_au AFTER UPDATE ON media BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'media',
        json_array(old.id), old.case_id WHERE old.id IS NOT new.id;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('media',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_media_ad AFTER DELETE ON media BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('media',
        json_array(old.id), old.case_id);
END;
CREATE TRIGGER sync_consents_ai AFTER INSERT ON consents BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('consents',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_consents_au AFTER UPDATE ON consents BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'consents',
        json_array(old.id), old.case_id WHERE old.id IS NOT new.id;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('consents',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_consents_ad AFTER DELETE ON consents BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('consents',
        json_array(old.id), old.case_id);
END;
CREATE TRIGGER sync_sessions_ai AFTER INSERT ON sessions BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('sessions',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_sessions_au AFTER UPDATE ON sessions BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'sessions',
        json_array(old.id), old.case_id WHERE old.id IS NOT new.id;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('sessions',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_sessions_ad AFTER DELETE ON sessions BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('sessions',
        json_array(old.id), old.case_id);
END;
CREATE TRIGGER sync_session_media_ai AFTER INSERT ON session_media BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('session_media',
        json_array(new.session_id, new.media_id), (SELECT case_id FROM sessions WHERE id = new.session_id));
END;
CREATE TRIGGER sync_session_media_au AFTER UPDATE ON session_media BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'session_media',
        json_array(old.session_id, old.media_id), (SELECT case_id FROM sessions WHERE id = old.session_id) WHERE old.session_id IS NOT new.session_id OR old.media_id IS NOT new.media_id;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('session_media',
        json_array(new.session_id, new.media_id), (SELECT case_id FROM sessions WHERE id = new.session_id));
END;
CREATE TRIGGER sync_session_media_ad AFTER DELETE ON session_media BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('session_media',
        json_array(old.session_id, old.media_id), (SELECT case_id FROM sessions WHERE id = old.session_id));
END;
CREATE TRIGGER sync_helping_questions_ai AFTER INSERT ON helping_questions BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('helping_questions',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_helping_questions_au AFTER UPDATE ON helping_questions BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'helping_questions',
        json_array(old.id), old.case_id WHERE old.id IS NOT new.id;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('helping_questions',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_helping_questions_ad AFTER DELETE ON helping_questions BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('helping_questions',
        json_array(old.id), old.case_id);
END;
CREATE TRIGGER sync_helping_ratings_ai AFTER INSERT ON helping_ratings BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('helping_ratings',
        json_array(new.id), (SELECT case_id FROM helping_questions WHERE id = new.question_id));
END;
CREATE TRIGGER sync_helping_ratings_au AFTER UPDATE ON helping_ratings BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'helping_ratings',
        json_array(old.id), (SELECT case_id FROM helping_questions WHERE id = old.question_id) WHERE old.id IS NOT new.id;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('helping_ratings',
        json_array(new.id), (SELECT case_id FROM helping_questions WHERE id = new.question_id));
END;
CREATE TRIGGER sync_helping_ratings_ad AFTER DELETE ON helping_ratings BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('helping_ratings',
        json_array(old.id), (SELECT case_id FROM helping_questions WHERE id = old.question_id));
END;
CREATE TRIGGER sync_questionnaire_administrations_ai AFTER INSERT ON questionnaire_administrations BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('questionnaire_administrations',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_questionnaire_administrations_au AFTER UPDATE ON questionnaire_administrations BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'questionnaire_administrations',
        json_array(old.id), old.case_id WHERE old.id IS NOT new.id;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('questionnaire_administrations',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_questionnaire_administrations_ad AFTER DELETE ON questionnaire_administrations BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('questionnaire_administrations',
        json_array(old.id), old.case_id);
END;
CREATE TRIGGER sync_questionnaire_answers_ai AFTER INSERT ON questionnaire_answers BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('questionnaire_answers',
        json_array(new.administration_id, new.item_id), (SELECT case_id FROM questionnaire_administrations WHERE id = new.administration_id));
END;
CREATE TRIGGER sync_questionnaire_answers_au AFTER UPDATE ON questionnaire_answers BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'questionnaire_answers',
        json_array(old.administration_id, old.item_id), (SELECT case_id FROM questionnaire_administrations WHERE id = old.administration_id) WHERE old.administration_id IS NOT new.administration_id OR old.item_id IS NOT new.item_id;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('questionnaire_answers',
        json_array(new.administration_id, new.item_id), (SELECT case_id FROM questionnaire_administrations WHERE id = new.administration_id));
END;
CREATE TRIGGER sync_questionnaire_answers_ad AFTER DELETE ON questionnaire_answers BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('questionnaire_answers',
        json_array(old.administration_id, old.item_id), (SELECT case_id FROM questionnaire_administrations WHERE id = old.administration_id));
END;
CREATE TRIGGER sync_questionnaire_scores_ai AFTER INSERT ON questionnaire_scores BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('questionnaire_scores',
        json_array(new.administration_id, new.scale), (SELECT case_id FROM questionnaire_administrations WHERE id = new.administration_id));
END;
CREATE TRIGGER sync_questionnaire_scores_au AFTER UPDATE ON questionnaire_scores BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'questionnaire_scores',
        json_array(old.administration_id, old.scale), (SELECT case_id FROM questionnaire_administrations WHERE id = old.administration_id) WHERE old.administration_id IS NOT new.administration_id OR old.scale IS NOT new.scale;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('questionnaire_scores',
        json_array(new.administration_id, new.scale), (SELECT case_id FROM questionnaire_administrations WHERE id = new.administration_id));
END;
CREATE TRIGGER sync_questionnaire_scores_ad AFTER DELETE ON questionnaire_scores BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('questionnaire_scores',
        json_array(old.administration_id, old.scale), (SELECT case_id FROM questionnaire_administrations WHERE id = old.administration_id));
END;
CREATE TRIGGER sync_legal_holds_ai AFTER INSERT ON legal_holds BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('legal_holds',
        json_array(new.case_id), new.case_id);
END;
CREATE TRIGGER sync_legal_holds_au AFTER UPDATE ON legal_holds BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'legal_holds',
        json_array(old.case_id), old.case_id WHERE old.case_id IS NOT new.case_id;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('legal_holds',
        json_array(new.case_id), new.case_id);
END;
CREATE TRIGGER sync_legal_holds_ad AFTER DELETE ON legal_holds BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('legal_holds',
        json_array(old.case_id), old.case_id);
END;
CREATE TRIGGER sync_case_members_ai AFTER INSERT ON case_members BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('case_members',
        json_array(new.case_id, new.member_id), new.case_id);
END;
CREATE TRIGGER sync_case_members_au AFTER UPDATE ON case_members BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'case_members',
        json_array(old.case_id, old.member_id), old.case_id WHERE old.case_id IS NOT new.case_id OR old.member_id IS NOT new.member_id;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('case_members',
        json_array(new.case_id, new.member_id), new.case_id);
END;
CREATE TRIGGER sync_case_members_ad AFTER DELETE ON case_members BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('case_members',
        json_array(old.case_id, old.member_id), old.case_id);
END;

CREATE TRIGGER sync_conflict_settlements_ai AFTER INSERT ON conflict_settlements BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('conflict_settlements',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_conflict_settlements_au AFTER UPDATE ON conflict_settlements BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('conflict_settlements',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_conflict_settlements_ad AFTER DELETE ON conflict_settlements BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('conflict_settlements',
        json_array(old.id), old.case_id);
END;

-- Rows written before this migration are changes not yet synced.
INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'cases', json_array(id),
    cases.id FROM cases;
INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'people', json_array(id),
    people.case_id FROM people;
INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'blobs', json_array(id),
    blobs.case_id FROM blobs;
INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'media', json_array(id),
    media.case_id FROM media;
INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'consents', json_array(id),
    consents.case_id FROM consents;
INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'sessions', json_array(id),
    sessions.case_id FROM sessions;
INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'session_media', json_array(session_id, media_id),
    (SELECT case_id FROM sessions WHERE id = session_media.session_id) FROM session_media;
INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'helping_questions', json_array(id),
    helping_questions.case_id FROM helping_questions;
INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'helping_ratings', json_array(id),
    (SELECT case_id FROM helping_questions WHERE id = helping_ratings.question_id) FROM helping_ratings;
INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'questionnaire_administrations', json_array(id),
    questionnaire_administrations.case_id FROM questionnaire_administrations;
INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'questionnaire_answers', json_array(administration_id, item_id),
    (SELECT case_id FROM questionnaire_administrations WHERE id = questionnaire_answers.administration_id) FROM questionnaire_answers;
INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'questionnaire_scores', json_array(administration_id, scale),
    (SELECT case_id FROM questionnaire_administrations WHERE id = questionnaire_scores.administration_id) FROM questionnaire_scores;
INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'legal_holds', json_array(case_id),
    legal_holds.case_id FROM legal_holds;
