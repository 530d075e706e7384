-- Cases taken off this laptop because its practitioner was unassigned (need to know).
-- `wrap_hash` is the SHA-256 of this member's key wrap on the site at that moment ('' if
-- none): that stale wrap is ignored, and only a new one (a new assignment) brings the case back.
CREATE TABLE sync_withdrawn (
    case_id      TEXT PRIMARY KEY,
    wrap_hash    TEXT NOT NULL,
    withdrawn_at TEXT NOT NULL
);
