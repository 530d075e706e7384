"""Which footage records a shared review (migration 0029), and the clips cut from it."""

from __future__ import annotations

from vigdesk.core.media import MediaItem
from vigdesk.storage.db import Database


def mark(db: Database, media_id: str, case_id: str, session_id: str, at: str) -> None:
    db.execute(
        "INSERT INTO review_recordings VALUES (?,?,?,?) ON CONFLICT(media_id)"
        " DO UPDATE SET session_id = excluded.session_id, marked_at = excluded.marked_at",
        (media_id, case_id, session_id, at),
    )


def unmark(db: Database, media_id: str) -> bool:
    found = db.scalar("SELECT 1 FROM review_recordings WHERE media_id = ?", (media_id,))
    db.execute("DELETE FROM review_recordings WHERE media_id = ?", (media_id,))
    return found is not None


def session_of(db: Database, item: MediaItem) -> str | None:
    """The review session the footage records, or its source footage does (clips and
    stills); None for video of the family's interaction."""
    media_id = item.source_media_id or item.id
    found = db.scalar("SELECT session_id FROM review_recordings WHERE media_id = ?", (media_id,))
    return None if found is None else str(found)


def for_case(db: Database, case_id: str) -> dict[str, str]:
    """media id → review session id, for the case's review recordings."""
    rows = db.execute(
        "SELECT media_id, session_id FROM review_recordings WHERE case_id = ?", (case_id,)
    )
    return {str(r[0]): str(r[1]) for r in rows}
