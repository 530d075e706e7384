-- Why an inactive case stays open (0014) syncs like the case's other records, so a
-- colleague's laptop is not asked again what the team already answered.
CREATE TRIGGER sync_case_open_reasons_ai AFTER INSERT ON case_open_reasons BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('case_open_reasons',
        json_array(new.case_id), new.case_id);
END;
CREATE TRIGGER sync_case_open_reasons_au AFTER UPDATE ON case_open_reasons BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) SELECT 'case_open_reasons',
        json_array(old.case_id), old.case_id WHERE old.case_id IS NOT new.case_id;
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('case_open_reasons',
        json_array(new.case_id), new.case_id);
END;
CREATE TRIGGER sync_case_open_reasons_ad AFTER DELETE ON case_open_reasons BEGIN
    INSERT INTO sync_changes (tbl, pk, case_id) VALUES ('case_open_reasons',
        json_array(old.case_id), old.case_id);
END;
-- Reasons recorded before this version reach the site at the next sync.
INSERT INTO sync_changes (tbl, pk, case_id)
    SELECT 'case_open_reasons', json_array(case_id), case_id FROM case_open_reasons;
