-- Moment markers (issue 21): a typed note on one frame of a video, for micro-analysis.
-- A marker belongs to its case and its video: shredding either removes it (cascade).
CREATE TABLE markers (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    media_id   TEXT NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    at_s       REAL NOT NULL CHECK (at_s >= 0),
    type       TEXT NOT NULL,
    who        TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX markers_media ON markers(media_id, at_s);
CREATE INDEX markers_case ON markers(case_id);

-- Change capture for sync, as migration 0009 does for the other synced tables.
CREATE TRIGGER sync_markers_ai AFTER INSERT ON markers BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('markers',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_markers_au AFTER UPDATE ON markers BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'markers',
        json_array(old.id), old.case_id WHERE old.id IS NOT new.id;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('markers',
        json_array(new.id), new.case_id);
END;
CREATE TRIGGER sync_markers_ad AFTER DELETE ON markers BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('markers',
        json_array(old.id), old.case_id);
END;
