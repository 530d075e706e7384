-- The register of erasures (`vigdesk sar erase`, issue 17): what the certificate shows,
-- and when the site was confirmed to hold no readable copy (`confirmed_on`, filled in by
-- the sync that finds every file on the share clear of the erased records). Kept on the
-- laptop that erased (`erased_here` = 1) and on every laptop that received the erasure,
-- so the BSO's console lists those not yet confirmed. Initials and case code only, never
-- a name; `rows` lists the erased records as [table, key] (random ids), `blobs` the
-- erased files' ids, `waiting` the devices whose files on the share still held them at
-- the last check.
CREATE TABLE erasures (
    person_id    TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL,
    case_code    TEXT NOT NULL,
    initials     TEXT NOT NULL,
    erased_on    TEXT NOT NULL,
    erased_here  INTEGER NOT NULL CHECK (erased_here IN (0, 1)),
    whole_case   INTEGER NOT NULL CHECK (whole_case IN (0, 1)),
    reason       TEXT NOT NULL,
    deleted      TEXT NOT NULL,
    sync_records INTEGER NOT NULL DEFAULT 0,
    on_site      INTEGER NOT NULL CHECK (on_site IN (0, 1)),
    rows         TEXT NOT NULL DEFAULT '[]',
    blobs        TEXT NOT NULL DEFAULT '[]',
    checked_at   TEXT,
    waiting      TEXT NOT NULL DEFAULT '[]',
    confirmed_on TEXT
);

-- The team of a case as this laptop knew it when the case was taken off it (0012), so a
-- shred of that case from one of them is recognised later and this laptop's old change
-- files of the case can go (`sync.compaction`).
ALTER TABLE sync_withdrawn ADD COLUMN team TEXT NOT NULL DEFAULT '[]';
