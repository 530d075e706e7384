"""What a shared review plays, and the advice on keeping it short.

VIG reviews show a family a few short moments that went well: up to three clips of
about ten seconds, and stills to pause on. More or longer is allowed, with a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from vigdesk.core.ids import MediaId
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.ui.review.words import count

MAX_CLIPS = 3
MAX_CLIP_S = 10.0


@dataclass(frozen=True)
class Entry:
    """One step of the review: a clip to play or a still to pause on."""

    media_id: MediaId
    is_still: bool
    duration_s: float
    fps: str


def entries_of(items: Sequence[MediaItem]) -> list[Entry]:
    return [
        Entry(m.id, m.kind is MediaKind.STILL, m.duration_s, m.fps)
        for m in items
        if m.kind in (MediaKind.CLIP, MediaKind.STILL)
    ]


def story_order(items: Sequence[MediaItem]) -> list[MediaItem]:
    """Clips and stills in the order they happened: by footage, then time within it."""
    footage: dict[str, str] = {m.id: m.created_at for m in items if m.kind is MediaKind.FOOTAGE}
    chosen = [m for m in items if m.kind in (MediaKind.CLIP, MediaKind.STILL)]
    return sorted(
        chosen,
        key=lambda m: (footage.get(m.source_media_id or "", m.created_at), m.start_s or 0.0),
    )


def advice(items: Sequence[MediaItem]) -> list[str]:
    """Warnings for the chosen items (none when the review is short and focused)."""
    tr = QCoreApplication.translate
    clips = [m for m in items if m.kind is MediaKind.CLIP]
    notes: list[str] = []
    if not clips and not any(m.kind is MediaKind.STILL for m in items):
        notes.append(tr("SharedReview", "Choose at least one clip or still."))
    if len(clips) > MAX_CLIPS:
        notes.append(
            tr(
                "SharedReview",
                "%n clips chosen: families take in up to three short moments best.",
                "",
                len(clips),
            )
        )
    long = [m for m in clips if m.duration_s > MAX_CLIP_S + 0.05]
    if long:
        notes.append(
            count(
                len(long),
                "%n clip is longer than 10 seconds: a shorter moment keeps the focus.",
                "%n clips are longer than 10 seconds: shorter moments keep the focus.",
            )
        )
    return notes
