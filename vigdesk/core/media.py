"""Media items: imported footage, the clips cut from it and stills."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from vigdesk.core.ids import CaseId, MediaId, PersonId


class MediaKind(StrEnum):
    FOOTAGE = "footage"
    CLIP = "clip"
    STILL = "still"


@dataclass(frozen=True)
class MediaItem:
    id: MediaId
    case_id: CaseId
    blob_id: str
    kind: MediaKind
    title: str
    duration_s: float
    width: int
    height: int
    rotation: int
    fps: str
    video_codec: str
    audio_codec: str
    recorded_at: str | None
    created_at: str
    source_media_id: MediaId | None = None
    start_s: float | None = None
    end_s: float | None = None
    labels: tuple[str, ...] = field(default_factory=tuple)
    note: str = ""
    thumb_blob_id: str | None = None
    appears: tuple[PersonId, ...] | None = None
    """Ids of the people who appear; None for video recorded before this was asked."""

    @property
    def is_video(self) -> bool:
        return self.kind is not MediaKind.STILL
