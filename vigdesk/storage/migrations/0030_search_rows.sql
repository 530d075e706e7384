-- The search index found its rows by (source, ref), columns FTS5 cannot index: every
-- update or deletion of a person, video, session or case scanned the whole index (28 ms
-- at 150,000 entries, a BSO laptop's county; 0.03 ms by rowid). Each entry's rowid is now
-- kept in search_rows, so the triggers go straight to it. The index is rebuilt with those
-- rowids; 'secure-delete' stays on, so the old entries leave no tokens behind.
-- An insert first clears any entry its id still has (INSERT OR REPLACE fires no delete
-- trigger), so a record never has two entries and a replaced name never lingers.
DROP TRIGGER search_cases_ai;
DROP TRIGGER search_cases_au;
DROP TRIGGER search_cases_ad;
DROP TRIGGER search_people_ai;
DROP TRIGGER search_people_au;
DROP TRIGGER search_people_ad;
DROP TRIGGER search_media_ai;
DROP TRIGGER search_media_au;
DROP TRIGGER search_media_ad;
DROP TRIGGER search_sessions_ai;
DROP TRIGGER search_sessions_au;
DROP TRIGGER search_sessions_ad;
DROP TRIGGER search_helping_ai;
DROP TRIGGER search_helping_ad;
DELETE FROM search_index;

CREATE TABLE search_rows (
    source  TEXT NOT NULL,
    ref     TEXT NOT NULL,
    case_id TEXT NOT NULL,
    row     INTEGER NOT NULL UNIQUE,
    PRIMARY KEY (source, ref)
) WITHOUT ROWID;
CREATE INDEX search_rows_case ON search_rows(case_id);

CREATE TRIGGER search_cases_ai AFTER INSERT ON cases BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT row FROM search_rows WHERE source = 'case' AND ref = new.id);
    DELETE FROM search_rows WHERE source = 'case' AND ref = new.id;
    INSERT INTO search_rows VALUES ('case', new.id, new.id,
        (SELECT coalesce(max(row), 0) + 1 FROM search_rows));
    INSERT INTO search_index (rowid, case_id, source, ref, body) VALUES (
        (SELECT row FROM search_rows WHERE source = 'case' AND ref = new.id), new.id, 'case', new.id,
        new.code || ' ' || new.initials || ' ' || new.referral_source || ' ' || new.primary_difficulty);
END;
CREATE TRIGGER search_cases_au AFTER UPDATE ON cases BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT row FROM search_rows WHERE source = 'case' AND ref = old.id);
    INSERT INTO search_index (rowid, case_id, source, ref, body) VALUES (
        (SELECT row FROM search_rows WHERE source = 'case' AND ref = old.id), new.id, 'case', new.id,
        new.code || ' ' || new.initials || ' ' || new.referral_source || ' ' || new.primary_difficulty || ' ' || coalesce(new.closure_reason, ''));
END;
CREATE TRIGGER search_cases_ad AFTER DELETE ON cases BEGIN
    DELETE FROM search_index WHERE rowid IN (SELECT row FROM search_rows WHERE case_id = old.id);
    DELETE FROM search_rows WHERE case_id = old.id;
END;

CREATE TRIGGER search_people_ai AFTER INSERT ON people BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT row FROM search_rows WHERE source = 'person' AND ref = new.id);
    DELETE FROM search_rows WHERE source = 'person' AND ref = new.id;
    INSERT INTO search_rows VALUES ('person', new.id, new.case_id,
        (SELECT coalesce(max(row), 0) + 1 FROM search_rows));
    INSERT INTO search_index (rowid, case_id, source, ref, body) VALUES (
        (SELECT row FROM search_rows WHERE source = 'person' AND ref = new.id), new.case_id, 'person', new.id,
        new.full_name || ' ' || new.relationship);
END;
CREATE TRIGGER search_people_au AFTER UPDATE ON people BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT row FROM search_rows WHERE source = 'person' AND ref = old.id);
    INSERT INTO search_index (rowid, case_id, source, ref, body) VALUES (
        (SELECT row FROM search_rows WHERE source = 'person' AND ref = old.id), new.case_id, 'person', new.id,
        new.full_name || ' ' || new.relationship);
END;
CREATE TRIGGER search_people_ad AFTER DELETE ON people BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT row FROM search_rows WHERE source = 'person' AND ref = old.id);
    DELETE FROM search_rows WHERE source = 'person' AND ref = old.id;
END;

CREATE TRIGGER search_media_ai AFTER INSERT ON media BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT row FROM search_rows WHERE source = 'media' AND ref = new.id);
    DELETE FROM search_rows WHERE source = 'media' AND ref = new.id;
    INSERT INTO search_rows VALUES ('media', new.id, new.case_id,
        (SELECT coalesce(max(row), 0) + 1 FROM search_rows));
    INSERT INTO search_index (rowid, case_id, source, ref, body) VALUES (
        (SELECT row FROM search_rows WHERE source = 'media' AND ref = new.id), new.case_id, 'media', new.id,
        new.title || ' ' || new.note || ' ' || new.labels);
END;
CREATE TRIGGER search_media_au AFTER UPDATE ON media BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT row FROM search_rows WHERE source = 'media' AND ref = old.id);
    INSERT INTO search_index (rowid, case_id, source, ref, body) VALUES (
        (SELECT row FROM search_rows WHERE source = 'media' AND ref = old.id), new.case_id, 'media', new.id,
        new.title || ' ' || new.note || ' ' || new.labels);
END;
CREATE TRIGGER search_media_ad AFTER DELETE ON media BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT row FROM search_rows WHERE source = 'media' AND ref = old.id);
    DELETE FROM search_rows WHERE source = 'media' AND ref = old.id;
END;

CREATE TRIGGER search_sessions_ai AFTER INSERT ON sessions BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT row FROM search_rows WHERE source = 'session' AND ref = new.id);
    DELETE FROM search_rows WHERE source = 'session' AND ref = new.id;
    INSERT INTO search_rows VALUES ('session', new.id, new.case_id,
        (SELECT coalesce(max(row), 0) + 1 FROM search_rows));
    INSERT INTO search_index (rowid, case_id, source, ref, body) VALUES (
        (SELECT row FROM search_rows WHERE source = 'session' AND ref = new.id), new.case_id, 'session', new.id,
        new.notes || ' ' || new.summary);
END;
CREATE TRIGGER search_sessions_au AFTER UPDATE ON sessions BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT row FROM search_rows WHERE source = 'session' AND ref = old.id);
    INSERT INTO search_index (rowid, case_id, source, ref, body) VALUES (
        (SELECT row FROM search_rows WHERE source = 'session' AND ref = old.id), new.case_id, 'session', new.id,
        new.notes || ' ' || new.summary);
END;
CREATE TRIGGER search_sessions_ad AFTER DELETE ON sessions BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT row FROM search_rows WHERE source = 'session' AND ref = old.id);
    DELETE FROM search_rows WHERE source = 'session' AND ref = old.id;
END;

CREATE TRIGGER search_helping_ai AFTER INSERT ON helping_questions BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT row FROM search_rows WHERE source = 'helping' AND ref = new.id);
    DELETE FROM search_rows WHERE source = 'helping' AND ref = new.id;
    INSERT INTO search_rows VALUES ('helping', new.id, new.case_id,
        (SELECT coalesce(max(row), 0) + 1 FROM search_rows));
    INSERT INTO search_index (rowid, case_id, source, ref, body) VALUES (
        (SELECT row FROM search_rows WHERE source = 'helping' AND ref = new.id), new.case_id, 'helping', new.id,
        new.text);
END;
CREATE TRIGGER search_helping_ad AFTER DELETE ON helping_questions BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT row FROM search_rows WHERE source = 'helping' AND ref = old.id);
    DELETE FROM search_rows WHERE source = 'helping' AND ref = old.id;
END;

INSERT INTO search_rows (source, ref, case_id, row)
    SELECT source, ref, case_id, row_number() OVER () FROM (
        SELECT 'case' AS source, id AS ref, id AS case_id FROM cases
        UNION ALL SELECT 'person', id, case_id FROM people
        UNION ALL SELECT 'media', id, case_id FROM media
        UNION ALL SELECT 'session', id, case_id FROM sessions
        UNION ALL SELECT 'helping', id, case_id FROM helping_questions
    );
INSERT INTO search_index (rowid, case_id, source, ref, body)
    SELECT r.row, t.id, 'case', t.id, t.code || ' ' || t.initials || ' ' || t.referral_source || ' ' || t.primary_difficulty || ' ' || coalesce(t.closure_reason, '')
    FROM cases AS t JOIN search_rows AS r ON r.source = 'case' AND r.ref = t.id;
INSERT INTO search_index (rowid, case_id, source, ref, body)
    SELECT r.row, t.case_id, 'person', t.id, t.full_name || ' ' || t.relationship
    FROM people AS t JOIN search_rows AS r ON r.source = 'person' AND r.ref = t.id;
INSERT INTO search_index (rowid, case_id, source, ref, body)
    SELECT r.row, t.case_id, 'media', t.id, t.title || ' ' || t.note || ' ' || t.labels
    FROM media AS t JOIN search_rows AS r ON r.source = 'media' AND r.ref = t.id;
INSERT INTO search_index (rowid, case_id, source, ref, body)
    SELECT r.row, t.case_id, 'session', t.id, t.notes || ' ' || t.summary
    FROM sessions AS t JOIN search_rows AS r ON r.source = 'session' AND r.ref = t.id;
INSERT INTO search_index (rowid, case_id, source, ref, body)
    SELECT r.row, t.case_id, 'helping', t.id, t.text
    FROM helping_questions AS t JOIN search_rows AS r ON r.source = 'helping' AND r.ref = t.id;
