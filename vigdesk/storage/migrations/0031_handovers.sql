-- Hand-over of a leaver's part of a case (issue 17, `vigdesk.sync.handover`).
-- On the laptop taken off a case: `upto` is its last journal file that can hold the
-- case (its position when the case was withdrawn; for withdrawals made before this
-- migration, its position now), and `carried` = 1 once a BSO's laptop says it carries
-- what those files hold, so this laptop may compact them away.
ALTER TABLE sync_withdrawn ADD COLUMN upto INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_withdrawn ADD COLUMN carried INTEGER NOT NULL DEFAULT 0 CHECK (carried IN (0, 1));
UPDATE sync_withdrawn
SET upto = coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'journal_seq'), 0);

-- On a BSO's laptop: another laptop's "I was taken off this case; my files up to `upto`
-- hold it". `carried` = 0 while it waits until this laptop holds everything those files
-- hold of the case; 1 once that is queued again here, from when every file this laptop
-- writes says so; 2 once the leaver's compaction marker shows it took the note. Kept
-- after that: this laptop goes on carrying that part (the leaver may be given the case
-- again and must find its old work in this laptop's files).
CREATE TABLE sync_handovers (
    device_id TEXT NOT NULL,
    case_id   TEXT NOT NULL,
    upto      INTEGER NOT NULL,
    carried   INTEGER NOT NULL DEFAULT 0 CHECK (carried IN (0, 1, 2)),
    PRIMARY KEY (device_id, case_id)
);

-- The outbox also queues the hand-over notes, which go in a journal file's header
-- ('left', 'carried'). SQLite cannot change a CHECK, so the table is rebuilt, keeping
-- its ids and its AUTOINCREMENT counter (journal headers name the last id they carry).
CREATE TABLE sync_outbox_new (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    scope    TEXT NOT NULL CHECK (scope IN ('case', 'site', 'left', 'carried')),
    scope_id TEXT NOT NULL,
    entry    TEXT NOT NULL
);
INSERT INTO sync_outbox_new (id, scope, scope_id, entry)
SELECT id, scope, scope_id, entry FROM sync_outbox;
INSERT INTO sqlite_sequence (name, seq)
SELECT 'sync_outbox_new', seq FROM sqlite_sequence
WHERE name = 'sync_outbox'
  AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'sync_outbox_new');
UPDATE sqlite_sequence
SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'sync_outbox'), 0))
WHERE name = 'sync_outbox_new';
DROP TABLE sync_outbox;
ALTER TABLE sync_outbox_new RENAME TO sync_outbox;

-- Withdrawals made before this migration are announced at the next sync like new ones.
INSERT INTO sync_outbox (scope, scope_id, entry)
SELECT 'left', case_id, CAST(upto AS TEXT) FROM sync_withdrawn;
