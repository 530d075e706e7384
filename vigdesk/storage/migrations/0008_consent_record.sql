-- The consent record PDF sealed at signing, and who recorded it (initials only).
ALTER TABLE consents ADD COLUMN record_blob_id TEXT REFERENCES blobs(id);
ALTER TABLE consents ADD COLUMN recorded_by TEXT NOT NULL DEFAULT '';
CREATE INDEX consents_record_blob ON consents(record_blob_id);
