"""Marker rows ↔ core.markers.Marker. Call writes inside the caller's transaction."""

from __future__ import annotations

from typing import Any

from vigdesk.core.errors import NotFound
from vigdesk.core.markers import Marker
from vigdesk.storage.db import Database

_COLS = "id, case_id, media_id, at_s, type, who, note, created_at"


def _marker(r: tuple[Any, ...]) -> Marker:
    return Marker(
        id=r[0],
        case_id=r[1],
        media_id=r[2],
        at_s=float(r[3]),
        type=r[4],
        who=r[5],
        note=r[6],
        created_at=r[7],
    )


class MarkerRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def insert(self, m: Marker) -> None:
        self._db.execute(
            f"INSERT INTO markers ({_COLS}) VALUES (?,?,?,?,?,?,?,?)",
            (m.id, m.case_id, m.media_id, m.at_s, m.type, m.who, m.note, m.created_at),
        )

    def get(self, marker_id: str) -> Marker:
        row = self._db.one(f"SELECT {_COLS} FROM markers WHERE id = ?", (marker_id,))
        if row is None:
            raise NotFound(f"No marker with id {marker_id}.")
        return _marker(row)

    def for_media(self, media_id: str) -> list[Marker]:
        """The video's markers by time (then id, so equal times keep one order)."""
        return [
            _marker(r)
            for r in self._db.execute(
                f"SELECT {_COLS} FROM markers WHERE media_id = ? ORDER BY at_s, id", (media_id,)
            )
        ]

    def update(self, marker_id: str, *, at_s: float, type: str, who: str, note: str) -> None:
        """Sync capture compares with the merged row, so only changed fields travel."""
        self._db.execute(
            "UPDATE markers SET at_s = ?, type = ?, who = ?, note = ? WHERE id = ?",
            (at_s, type, who, note, marker_id),
        )

    def delete(self, marker_id: str) -> None:
        self._db.execute("DELETE FROM markers WHERE id = ?", (marker_id,))
