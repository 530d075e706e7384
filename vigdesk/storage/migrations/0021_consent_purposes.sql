-- Consent purposes `review_filming` (filming our review meetings for the practitioner's
-- supervision) and `family_copy` (a copy of our clips for the family), issue 19.
-- SQLite cannot change a CHECK in place, so the consents table is rebuilt: same columns
-- in the same order, every row copied as it is (each consent keeps its form version),
-- then its indexes and the sync capture triggers of migration 0009 made again. Copying
-- into the new table fires no trigger, and DROP TABLE fires none, so the rebuild itself
-- logs no change for sync. No table references consents.
-- New with each consent: the lawful basis it was recorded under (from the policy in
-- force; '' before this change), and the interpreter and accessible version used.
CREATE TABLE consents_0021 (
    id               TEXT PRIMARY KEY,
    case_id          TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    giver_id         TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    child_id         TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    purpose          TEXT NOT NULL CHECK (purpose IN ('film', 'keep', 'supervision',
                         'training', 'review_filming', 'family_copy')),
    granted          INTEGER NOT NULL,
    form_version     TEXT NOT NULL,
    given_on         TEXT NOT NULL,
    method           TEXT NOT NULL CHECK (method IN ('signed_on_screen', 'scanned_paper')),
    evidence_blob_id TEXT REFERENCES blobs(id),
    review_due       TEXT,
    child_view       TEXT NOT NULL DEFAULT '',
    withdrawn_on     TEXT,
    withdrawn_reason TEXT NOT NULL DEFAULT '',
    recorded_at      TEXT NOT NULL,
    record_blob_id   TEXT REFERENCES blobs(id),
    recorded_by      TEXT NOT NULL DEFAULT '',
    lawful_basis     TEXT NOT NULL DEFAULT '',
    interpreter      TEXT NOT NULL DEFAULT '',
    accessible_version TEXT NOT NULL DEFAULT ''
);
INSERT INTO consents_0021 (
    id, case_id, giver_id, child_id, purpose, granted, form_version, given_on, method,
    evidence_blob_id, review_due, child_view, withdrawn_on, withdrawn_reason, recorded_at,
    record_blob_id, recorded_by
)
SELECT
    id, case_id, giver_id, child_id, purpose, granted, form_version, given_on, method,
    evidence_blob_id, review_due, child_view, withdrawn_on, withdrawn_reason, recorded_at,
    record_blob_id, recorded_by
FROM consents;
DROP TABLE consents;
ALTER TABLE consents_0021 RENAME TO consents;
CREATE INDEX consents_case ON consents(case_id);
CREATE INDEX consents_record_blob ON consents(record_blob_id);
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
