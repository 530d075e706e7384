-- Consent follows who is filmed (issue 19).
-- A looked-after child: the local authority's representative consents for them, and
-- the birth parents too when the delegated-authority agreement says so.
ALTER TABLE people ADD COLUMN looked_after INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN parents_consent_too INTEGER NOT NULL DEFAULT 0;
-- An adult who represents the local authority: role and team, the order and the note.
ALTER TABLE people ADD COLUMN authority_role TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN authority_note TEXT NOT NULL DEFAULT '';
-- A child judged able to decide for themselves (Gillick): when, by whom, why.
ALTER TABLE people ADD COLUMN competent_on TEXT;
ALTER TABLE people ADD COLUMN competent_by TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN competence_note TEXT NOT NULL DEFAULT '';
-- Who appears in a video: a JSON array of person ids. NULL for video recorded before
-- this change, taken to show the case's adults with parental responsibility and its
-- children until the practitioner says who appears.
ALTER TABLE media ADD COLUMN appears TEXT;
