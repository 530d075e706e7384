-- A review whose video may go without a written summary (issue 18): the date someone
-- gave the reason (the reason itself is written into the session's notes, so it lives,
-- is exported and is erased with them). Syncs with the session row.
ALTER TABLE sessions ADD COLUMN summary_waived_on TEXT;
