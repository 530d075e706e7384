-- Why a row another device sent is still waiting to be written here (sync_rows.pending):
-- a short code set by the applier ('parent', 'incomplete', 'unique:cases.code', …) that
-- the sync service turns into a sentence with what to do. '' when the row is not waiting.
ALTER TABLE sync_rows ADD COLUMN reason TEXT NOT NULL DEFAULT '';

-- Bookkeeping columns (vigdesk/sync/schema.py, TableSpec.quiet) no longer raise conflicts:
-- close those that earlier versions listed, so nobody is asked to settle an "updated at".
UPDATE sync_conflicts SET settled_at = detected_at, resolution = 'bookkeeping'
    WHERE settled_at IS NULL AND (tbl, col) IN (
        VALUES ('sessions', 'updated_at'), ('legal_holds', 'set_by'),
            ('legal_holds', 'set_at'), ('case_members', 'assigned_by'),
            ('case_members', 'assigned_at'), ('conflict_settlements', 'settled_by'),
            ('conflict_settlements', 'settled_at')
    );
