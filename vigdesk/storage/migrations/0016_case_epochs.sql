-- Case key epochs (issue #14): when a member leaves a case's team, the BSO moves the
-- case to a new epoch: later journal sections of the case are sealed under a fresh key
-- that the leaver never receives. Epoch 1 is the case key itself (case_keys /
-- sync_case_keys); these tables hold epochs 2 and up. Local bookkeeping, never synced.
CREATE TABLE sync_case_epochs (
    case_id     TEXT NOT NULL,
    epoch       INTEGER NOT NULL CHECK (epoch >= 2),
    wrapped_key BLOB NOT NULL,
    PRIMARY KEY (case_id, epoch)
);

-- The BSO's record of who each case's newest epoch was given to.
CREATE TABLE sync_case_teams (
    case_id TEXT PRIMARY KEY,
    epoch   INTEGER NOT NULL,
    team    TEXT NOT NULL
);

-- Epoch key wraps this device has written to the site.
CREATE TABLE sync_epoch_wraps (
    case_id   TEXT NOT NULL,
    epoch     INTEGER NOT NULL,
    member_id TEXT NOT NULL,
    PRIMARY KEY (case_id, epoch, member_id)
);

-- Deletions and team changes for a case this laptop does not hold yet: who may make
-- them cannot be decided without the case's team, so they wait here until it arrives.
CREATE TABLE sync_held_back (
    id      INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL,
    author  TEXT NOT NULL,
    device  TEXT NOT NULL,
    entry   TEXT NOT NULL
);
CREATE INDEX sync_held_back_case ON sync_held_back(case_id);
