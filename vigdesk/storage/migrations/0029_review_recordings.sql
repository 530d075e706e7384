-- Footage that records a shared review (issue 24): the practitioner's guiding, filmed for
-- their supervision with the family's `review_filming` consent. One row per such footage,
-- naming the review session; it goes with the footage or the case (cascade) and syncs.
CREATE TABLE review_recordings (
    media_id   TEXT PRIMARY KEY REFERENCES media(id) ON DELETE CASCADE,
    case_id    TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    session_id TEXT NOT NULL,
    marked_at  TEXT NOT NULL
);
CREATE INDEX review_recordings_case ON review_recordings(case_id);

CREATE TRIGGER sync_review_recordings_ai AFTER INSERT ON review_recordings BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('review_recordings',
        json_array(new.media_id), new.case_id);
END;
CREATE TRIGGER sync_review_recordings_au AFTER UPDATE ON review_recordings BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'review_recordings',
        json_array(old.media_id), old.case_id WHERE old.media_id IS NOT new.media_id;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('review_recordings',
        json_array(new.media_id), new.case_id);
END;
CREATE TRIGGER sync_review_recordings_ad AFTER DELETE ON review_recordings BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('review_recordings',
        json_array(old.media_id), old.case_id);
END;
