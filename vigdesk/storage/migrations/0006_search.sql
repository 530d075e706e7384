-- Full-text search over names, codes and notes, kept current by triggers.
-- 'secure-delete' makes FTS5 remove deleted tokens from the index itself, so an
-- erased name does not survive in index pages.
CREATE VIRTUAL TABLE search_index USING fts5(
    case_id UNINDEXED, source UNINDEXED, ref UNINDEXED, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search_index (search_index, rank) VALUES ('secure-delete', 1);

CREATE TRIGGER search_cases_ai AFTER INSERT ON cases BEGIN
    INSERT INTO search_index VALUES (new.id, 'case', new.id, new.code || ' ' || new.initials
        || ' ' || new.referral_source || ' ' || new.primary_difficulty);
END;
CREATE TRIGGER search_cases_au AFTER UPDATE ON cases BEGIN
    DELETE FROM search_index WHERE source = 'case' AND ref = old.id;
    INSERT INTO search_index VALUES (new.id, 'case', new.id, new.code || ' ' || new.initials
        || ' ' || new.referral_source || ' ' || new.primary_difficulty || ' '
        || coalesce(new.closure_reason, ''));
END;
CREATE TRIGGER search_cases_ad AFTER DELETE ON cases BEGIN
    DELETE FROM search_index WHERE case_id = old.id;
END;

CREATE TRIGGER search_people_ai AFTER INSERT ON people BEGIN
    INSERT INTO search_index VALUES (new.case_id, 'person', new.id,
        new.full_name || ' ' || new.relationship);
END;
CREATE TRIGGER search_people_au AFTER UPDATE ON people BEGIN
    DELETE FROM search_index WHERE source = 'person' AND ref = old.id;
    INSERT INTO search_index VALUES (new.case_id, 'person', new.id,
        new.full_name || ' ' || new.relationship);
END;
CREATE TRIGGER search_people_ad AFTER DELETE ON people BEGIN
    DELETE FROM search_index WHERE source = 'person' AND ref = old.id;
END;

CREATE TRIGGER search_media_ai AFTER INSERT ON media BEGIN
    INSERT INTO search_index VALUES (new.case_id, 'media', new.id,
        new.title || ' ' || new.note || ' ' || new.labels);
END;
CREATE TRIGGER search_media_au AFTER UPDATE ON media BEGIN
    DELETE FROM search_index WHERE source = 'media' AND ref = old.id;
    INSERT INTO search_index VALUES (new.case_id, 'media', new.id,
        new.title || ' ' || new.note || ' ' || new.labels);
END;
CREATE TRIGGER search_media_ad AFTER DELETE ON media BEGIN
    DELETE FROM search_index WHERE source = 'media' AND ref = old.id;
END;

INSERT INTO search_index SELECT id, 'case', id, code || ' ' || initials || ' '
    || referral_source || ' ' || primary_difficulty || ' ' || coalesce(closure_reason, '')
    FROM cases;
INSERT INTO search_index SELECT case_id, 'person', id, full_name || ' ' || relationship
    FROM people;
INSERT INTO search_index SELECT case_id, 'media', id, title || ' ' || note || ' ' || labels
    FROM media;
