-- A supervisor's reply to a supervision package (issue 24): comments on the clips, by
-- initials only, going with their clip; and each imported reply once, by its MAC.
CREATE TABLE clip_comments (
    id         TEXT PRIMARY KEY,
    media_id   TEXT NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    at_s       REAL NOT NULL,
    author     TEXT NOT NULL,
    text       TEXT NOT NULL,
    export_id  TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX clip_comments_media ON clip_comments(media_id, at_s);

CREATE TABLE supervision_replies (
    mac            TEXT PRIMARY KEY,
    export_id      TEXT NOT NULL,
    supervision_id TEXT NOT NULL,
    imported_at    TEXT NOT NULL
);
