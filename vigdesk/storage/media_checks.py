"""The decode check's findings on footage: columns `checked_at` and `damage` of the media
table (migration 0019), so they sync with the footage they describe."""

from __future__ import annotations

from vigdesk.core.ids import MediaId
from vigdesk.core.media_checks import MediaCheck
from vigdesk.storage.db import Database


class MediaCheckRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(self, check: MediaCheck) -> None:
        self._db.execute(
            "UPDATE media SET checked_at = ?, damage = ? WHERE id = ?",
            (check.checked_at, check.damage, check.media_id),
        )

    def for_case(self, case_id: str) -> dict[str, MediaCheck]:
        """Media id → its check, for the case's checked items only."""
        return {
            str(r[0]): MediaCheck(MediaId(str(r[0])), str(r[1]), str(r[2]))
            for r in self._db.execute(
                "SELECT id, checked_at, damage FROM media"
                " WHERE case_id = ? AND checked_at IS NOT NULL",
                (case_id,),
            )
        }
