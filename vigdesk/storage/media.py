"""Media index rows ↔ core.media.MediaItem."""

from __future__ import annotations

import json
from typing import Any

from vigdesk.core.errors import NotFound
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.storage.db import Database

_COLS = (
    "id, case_id, blob_id, kind, title, duration_s, width, height, rotation, fps, video_codec,"
    " audio_codec, recorded_at, created_at, source_media_id, start_s, end_s, labels, note,"
    " thumb_blob_id, appears"
)


def _item(r: tuple[Any, ...]) -> MediaItem:
    return MediaItem(
        id=r[0],
        case_id=r[1],
        blob_id=r[2],
        kind=MediaKind(r[3]),
        title=r[4],
        duration_s=r[5],
        width=r[6],
        height=r[7],
        rotation=r[8],
        fps=r[9],
        video_codec=r[10],
        audio_codec=r[11],
        recorded_at=r[12],
        created_at=r[13],
        source_media_id=r[14],
        start_s=r[15],
        end_s=r[16],
        labels=tuple(json.loads(r[17])),
        note=r[18],
        thumb_blob_id=r[19],
        appears=None if r[20] is None else tuple(json.loads(r[20])),
    )


class MediaRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def insert(self, m: MediaItem) -> None:
        self._db.execute(
            f"INSERT INTO media ({_COLS}) VALUES ({','.join('?' * 21)})",
            (
                m.id,
                m.case_id,
                m.blob_id,
                m.kind.value,
                m.title,
                m.duration_s,
                m.width,
                m.height,
                m.rotation,
                m.fps,
                m.video_codec,
                m.audio_codec,
                m.recorded_at,
                m.created_at,
                m.source_media_id,
                m.start_s,
                m.end_s,
                json.dumps(list(m.labels)),
                m.note,
                m.thumb_blob_id,
                None if m.appears is None else json.dumps(list(m.appears)),
            ),
        )

    def get(self, media_id: str) -> MediaItem:
        row = self._db.one(f"SELECT {_COLS} FROM media WHERE id = ?", (media_id,))
        if row is None:
            raise NotFound(f"No video, clip or still with id {media_id}.")
        return _item(row)

    def for_case(self, case_id: str) -> list[MediaItem]:
        return [
            _item(r)
            for r in self._db.execute(
                f"SELECT {_COLS} FROM media WHERE case_id = ? ORDER BY created_at", (case_id,)
            )
        ]

    def annotate(self, media_id: str, *, title: str, labels: tuple[str, ...], note: str) -> None:
        self._db.execute(
            "UPDATE media SET title = ?, labels = ?, note = ? WHERE id = ?",
            (title, json.dumps(list(labels)), note, media_id),
        )

    def set_appears(self, media_id: str, person_ids: tuple[str, ...]) -> None:
        self._db.execute(
            "UPDATE media SET appears = ? WHERE id = ?", (json.dumps(list(person_ids)), media_id)
        )
