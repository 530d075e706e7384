-- The whole-footage decode check after import (issue 16): when it ran and what it found.
-- checked_at NULL: not checked (yet, or imported before the check existed);
-- damage '': every frame decoded, else the warning shown with the footage.
ALTER TABLE media ADD COLUMN checked_at TEXT;
ALTER TABLE media ADD COLUMN damage TEXT NOT NULL DEFAULT '';
