-- Session notes, review summaries and helping questions become searchable too.
CREATE TRIGGER search_sessions_ai AFTER INSERT ON sessions BEGIN
    INSERT INTO search_index VALUES (new.case_id, 'session', new.id,
        new.notes || ' ' || new.summary);
END;
CREATE TRIGGER search_sessions_au AFTER UPDATE ON sessions BEGIN
    DELETE FROM search_index WHERE source = 'session' AND ref = old.id;
    INSERT INTO search_index VALUES (new.case_id, 'session', new.id,
        new.notes || ' ' || new.summary);
END;
CREATE TRIGGER search_sessions_ad AFTER DELETE ON sessions BEGIN
    DELETE FROM search_index WHERE source = 'session' AND ref = old.id;
END;

CREATE TRIGGER search_helping_ai AFTER INSERT ON helping_questions BEGIN
    INSERT INTO search_index VALUES (new.case_id, 'helping', new.id, new.text);
END;
CREATE TRIGGER search_helping_ad AFTER DELETE ON helping_questions BEGIN
    DELETE FROM search_index WHERE source = 'helping' AND ref = old.id;
END;

INSERT INTO search_index SELECT case_id, 'session', id, notes || ' ' || summary FROM sessions;
INSERT INTO search_index SELECT case_id, 'helping', id, text FROM helping_questions;
