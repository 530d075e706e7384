-- Letters to families (issue 22), sent through the BSO's outbox on the site.
-- `letters` is the case-record entry every laptop of the case's team and the BSO see:
-- which letter, by whom, its status (draft, with the BSO, sent: when and how). It syncs.
-- `letter_texts` holds the letter's words (names and all) on the author's laptop only;
-- the BSO receives them as a PDF sealed to the BSOs' keys (`letter_envelopes` keeps
-- that sealed file until a sync writes it to the site's outbox/). Both local tables go
-- with their letter, and letters go with their case (case record schedule, erasure).
CREATE TABLE letters (
    id               TEXT PRIMARY KEY,
    case_id          TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    template         TEXT NOT NULL,
    title            TEXT NOT NULL,
    author_id        TEXT NOT NULL,
    author_name      TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'with_bso', 'sent')),
    sent_to_bso_at   TEXT,
    delivered_on     TEXT,
    delivered_method TEXT NOT NULL DEFAULT '',
    delivered_by     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX letters_case ON letters(case_id, created_at);

CREATE TABLE letter_texts (
    letter_id  TEXT PRIMARY KEY REFERENCES letters(id) ON DELETE CASCADE,
    body_html  TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE letter_envelopes (
    letter_id TEXT PRIMARY KEY REFERENCES letters(id) ON DELETE CASCADE,
    data      BLOB NOT NULL
);

-- Change capture for sync, as migration 0009 does for the other synced tables.
CREATE TRIGGER sync_letters_ai AFTER INSERT ON letters BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('letters',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_letters_au AFTER UPDATE ON letters BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'letters',
        json_array(old.id), old.case_id WHERE old.id IS NOT new.id;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('letters',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_letters_ad AFTER DELETE ON letters BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('letters',
        json_array(old.id), old.case_id);
END;

-- The export register also records what is given to the family (a plain copy of their
-- clips, stills and a strengths page: purpose `family_copy`, lock `none`) and contact
-- sheets printed for the case file (purpose `case_file`). SQLite cannot change a CHECK,
-- so both register tables are rebuilt (children dropped before parents, so no cascade).
CREATE TABLE exports_new (
    id             TEXT PRIMARY KEY,
    case_id        TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    purpose        TEXT NOT NULL
                   CHECK (purpose IN ('supervision', 'training', 'family_copy', 'case_file')),
    recipient      TEXT NOT NULL,
    lock_mode      TEXT NOT NULL CHECK (lock_mode IN ('passphrase', 'public-key', 'none')),
    recipient_key  TEXT NOT NULL DEFAULT '',
    made_by        TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    expires_on     TEXT NOT NULL,
    size           INTEGER NOT NULL,
    sha256         TEXT NOT NULL,
    recalled_on    TEXT,
    recall_note    TEXT NOT NULL DEFAULT ''
);
INSERT INTO exports_new SELECT * FROM exports;
CREATE TABLE export_media_new (
    export_id TEXT NOT NULL REFERENCES exports_new(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    media_id  TEXT NOT NULL,
    PRIMARY KEY (export_id, position)
);
INSERT INTO export_media_new SELECT * FROM export_media;
DROP TABLE export_media;
DROP TABLE exports;
ALTER TABLE exports_new RENAME TO exports;
ALTER TABLE export_media_new RENAME TO export_media;
CREATE INDEX exports_case ON exports(case_id);
CREATE INDEX export_media_media ON export_media(media_id);
