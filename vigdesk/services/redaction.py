"""Redacted copies of one video or still, and the frames the redaction editor draws on.

Everything stays in memory: the caller writes a finished copy only where the user chose.
Opening a video for redaction and making a copy are audited (ids and counts only).
Runs on worker threads; raises NotFound, CorruptMedia, Cancelled.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image as PILImage

from vigdesk.core.errors import CorruptMedia
from vigdesk.core.ids import MediaId
from vigdesk.core.media import MediaItem
from vigdesk.media.frames import frame_at
from vigdesk.media.redact import Redaction, redact_png, redact_video
from vigdesk.media.watermark import MAX_STILL_PIXELS, Image
from vigdesk.services.context import Context
from vigdesk.storage.media import MediaRepo

Progress = Callable[[float], None]


@dataclass(frozen=True)
class RedactedCopy:
    data: bytes
    extension: str  # ".mp4" or ".png"
    redacted: list[str]  # what was masked and muted, in words


class RedactionService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._media = MediaRepo(ctx.db)

    def open_for_redaction(self, media_id: MediaId) -> MediaItem:
        """The item whose frames the editor will read (audited once, as a viewing)."""
        item = self._media.get(media_id)
        self._ctx.audit.append("media.redaction_opened", "media", media_id)
        return item

    def frame(self, item: MediaItem, at_s: float) -> Image:
        """The upright picture at `at_s` (a still: its only picture), in memory."""
        name = item.title or "the video"
        if item.is_video:
            with self._ctx.blobs.open(item.blob_id) as reader:
                return frame_at(reader, name, at_s)
        return _png_image(self._ctx.blobs.read_bytes(item.blob_id), name)

    def redact(
        self,
        media_id: MediaId,
        redaction: Redaction,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> RedactedCopy:
        """A redacted copy, in memory. Audited with counts only."""
        item = self._media.get(media_id)
        name = item.title or "the video"
        if item.is_video:
            with self._ctx.blobs.open(item.blob_id) as reader:
                data = redact_video(reader, name, redaction, progress, cancelled)
        else:
            data = redact_png(self._ctx.blobs.read_bytes(item.blob_id), redaction, name)
        self._ctx.audit.append(
            "media.redacted_copy",
            "media",
            media_id,
            {"masks": len(redaction.masks), "muted": len(redaction.mute)},
        )
        return RedactedCopy(data, ".mp4" if item.is_video else ".png", redaction.describe())


def _png_image(data: bytes, name: str) -> Image:
    try:
        with PILImage.open(io.BytesIO(data), formats=["PNG"]) as still:
            if still.width * still.height > MAX_STILL_PIXELS:
                raise CorruptMedia(f"{name} is too large a picture to show.")
            return np.asarray(still.convert("RGB"), np.uint8)
    except (OSError, ValueError, PILImage.DecompressionBombError) as exc:
        raise CorruptMedia(f"{name} is damaged: the picture cannot be read.") from exc
