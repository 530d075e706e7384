-- The subject access request register (issue 23): when a request came, from whom, how
-- identity was checked, what it covers, its extension, and how it was answered. The due
-- date is computed (vigdesk/core/subject_requests.py), never stored, so the rule lives in
-- one place. The row belongs to its case (shredded with it); an erased person leaves the
-- row with their initials only, as the record that their request was answered.
CREATE TABLE subject_requests (
    id               TEXT PRIMARY KEY,
    case_id          TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    person_id        TEXT REFERENCES people(id) ON DELETE SET NULL,
    person_initials  TEXT NOT NULL,
    requester        TEXT NOT NULL,
    received_on      TEXT NOT NULL,
    identity_check   TEXT NOT NULL DEFAULT '',
    scope            TEXT NOT NULL DEFAULT '',
    extension_months INTEGER NOT NULL DEFAULT 0 CHECK (extension_months BETWEEN 0 AND 2),
    extension_reason TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'answered', 'refused', 'withdrawn')),
    answered_on      TEXT,
    sent_what        TEXT NOT NULL DEFAULT '',
    delivery         TEXT CHECK (delivery IN
                     ('post', 'email', 'secure_transfer', 'collected', 'viewed_in_person')),
    note             TEXT NOT NULL DEFAULT '',
    recorded_by      TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX subject_requests_case ON subject_requests(case_id);
CREATE INDEX subject_requests_person ON subject_requests(person_id);

-- Change capture for sync, as migration 0009 does for the other synced tables.
CREATE TRIGGER sync_subject_requests_ai AFTER INSERT ON subject_requests BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('subject_requests',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_subject_requests_au AFTER UPDATE ON subject_requests BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'subject_requests',
        json_array(old.id), old.case_id WHERE old.id IS NOT new.id;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('subject_requests',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_subject_requests_ad AFTER DELETE ON subject_requests BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('subject_requests',
        json_array(old.id), old.case_id);
END;
