"""Background work of the review workspace. Every function runs on a worker thread,
takes plain values and calls services only (which check consent and audit each
play, clip, still and change); none touches a widget.
"""

from __future__ import annotations

from dataclasses import dataclass

from vigdesk.core.ids import MediaId
from vigdesk.core.media import MediaItem
from vigdesk.media.frames import thumbnail_strip
from vigdesk.services.session import Services
from vigdesk.ui.review.shared_reader import SharedReader
from vigdesk.ui.tasks import TaskContext

STRIP_COUNT = 24
STRIP_HEIGHT = 48


@dataclass(frozen=True)
class Opened:
    item: MediaItem
    reader: SharedReader | None  # for video
    png: bytes | None  # for a still


def open_job(services: Services, media_id: MediaId) -> Opened:
    """A decrypting reader for a video (audited as a play) or a still's PNG (audited)."""
    item = services.media.get(media_id)
    if item.is_video:
        return Opened(item, SharedReader(services.media.open_for_playback(media_id)), None)
    return Opened(item, None, services.media.still_png(media_id))


def strip_job(shared: SharedReader, task: TaskContext) -> list[tuple[float, bytes]]:
    """Timeline thumbnails read through the player's reader (already shared for us)."""
    try:
        task.raise_if_cancelled()
        return thumbnail_strip(shared.reader, "the video", STRIP_COUNT, STRIP_HEIGHT)
    finally:
        shared.release()


def clip_job(
    services: Services,
    media_id: MediaId,
    start_s: float,
    end_s: float,
    title: str,
    task: TaskContext,
) -> MediaItem:
    return services.media.make_clip(
        media_id,
        start_s,
        end_s,
        title=title,
        progress=lambda fraction: task.progress(fraction),
        cancelled=task.cancelled,
    )


def still_job(services: Services, media_id: MediaId, at_s: float, caption: str) -> MediaItem:
    return services.media.make_still(media_id, at_s, caption=caption)


def annotate_job(
    services: Services, media_id: MediaId, title: str, labels: tuple[str, ...], note: str
) -> MediaItem:
    services.media.annotate(media_id, title=title, labels=labels, note=note)
    return services.media.get(media_id)
