"""Import footage, cut clips, take stills, open media for playback. Consent-gated, audited.

Plaintext video exists only in memory: sources are streamed into sealed blobs,
PyAV reads through decrypting readers, clips and stills are built in memory and
sealed before anything touches disk.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from vigdesk.core import messages
from vigdesk.core.clock import iso, parse_iso
from vigdesk.core.consent import Purpose, default_appearing
from vigdesk.core.errors import InvalidInput, MediaError, storage_error
from vigdesk.core.ids import CaseId, MediaId, PersonId, new_id
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.core.media_checks import MediaCheck
from vigdesk.crypto.streaming import SealedReader
from vigdesk.media import decode_check, frames, probe, trim
from vigdesk.media.decode_check import DecodeReport
from vigdesk.services.consent import ConsentService
from vigdesk.services.context import Context
from vigdesk.storage.blobs import SealedBlob
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.media import MediaRepo
from vigdesk.storage.media_checks import MediaCheckRepo

Progress = Callable[[float], None]
IsCancelled = Callable[[], bool]
HOLD = (Purpose.FILM, Purpose.KEEP)


@dataclass(frozen=True)
class ImportResult:
    item: MediaItem
    source: Path
    sha256: str  # of the original bytes, checked against the decrypted sealed copy


def _fps_text(fps: Fraction) -> str:
    return f"{fps.numerator}/{fps.denominator}"


class MediaService:
    """Thread-safe; long calls take `progress` (0..1) and `cancelled` callbacks."""

    def __init__(self, ctx: Context, consent: ConsentService) -> None:
        self._ctx = ctx
        self._consent = consent
        self._repo = MediaRepo(ctx.db)
        self._cases = CaseRepo(ctx.db)
        self._checks = MediaCheckRepo(ctx.db)

    # -- import ------------------------------------------------------------------

    def import_footage(
        self,
        case_id: CaseId,
        source: Path,
        *,
        appearing: Sequence[PersonId] | None = None,
        progress: Progress | None = None,
        cancelled: IsCancelled | None = None,
    ) -> ImportResult:
        """Probe, seal, verify and record one file. Nothing changes if anything fails.

        `appearing`: ids of the people the footage shows (default: the whole family);
        each must be covered for `film` and `keep`, else ConsentRequired names who lacks
        what. InvalidInput if it is empty or names someone outside the case.

        The title is the file's name and the date its recording time, as the practitioner
        knows them from the camera. Whether every frame decodes is `check_footage`'s job.
        """
        if appearing is None:
            appearing = default_appearing(self._cases.people(case_id))
        self._consent.require(case_id, HOLD, "import footage", appearing)
        shows = self._consent.check_appearing(case_id, appearing)
        report = progress or (lambda _: None)
        try:
            fh = open(source, "rb")  # noqa: SIM115 (closed below)
        except OSError as exc:
            raise MediaError(messages.cannot_open(source.name, exc.strerror or str(exc))) from exc
        with fh:
            info = probe.probe(fh, source.name)
            total = max(os.fstat(fh.fileno()).st_size, 1)
            fh.seek(0)
            sealed = self._ctx.blobs.seal_stream(
                case_id, "footage", fh, lambda done: report(0.9 * done / total), cancelled
            )
        try:
            with self._ctx.blobs.open_unrecorded(sealed) as reader:
                thumb = frames.thumbnail_jpeg(reader, source.name, min(1.0, info.duration_s / 2))
            thumb_blob = self._ctx.blobs.seal_bytes(case_id, "thumbnail", thumb)
        except BaseException:
            self._ctx.blobs.discard(sealed)
            raise
        item = MediaItem(
            id=MediaId(new_id()),
            case_id=case_id,
            blob_id=sealed.id,
            kind=MediaKind.FOOTAGE,
            title=source.name,
            duration_s=info.duration_s,
            width=info.width,
            height=info.height,
            rotation=info.rotation,
            fps=_fps_text(info.fps),
            video_codec=info.video_codec,
            audio_codec=info.audio_codec or "",
            recorded_at=iso(info.recorded_at) if info.recorded_at else None,
            created_at=iso(self._ctx.vault.clock()),
            thumb_blob_id=thumb_blob.id,
            appears=shows,
        )
        self._commit(
            item,
            [sealed, thumb_blob],
            "media.imported",
            {"bytes": sealed.size, "seconds": round(info.duration_s, 2)},
            before=lambda: self._refuse_twice(case_id, sealed.sha256, source.name),
        )
        report(1.0)
        return ImportResult(item, source, sealed.sha256)

    def check_footage(
        self,
        media_id: MediaId,
        *,
        progress: Progress | None = None,
        cancelled: IsCancelled | None = None,
    ) -> DecodeReport:
        """Decode-check the whole video and store what was found with it (see
        `decode_footage` and `record_check`); the CLI waits for this after an import."""
        report = self.decode_footage(media_id, progress=progress, cancelled=cancelled)
        self.record_check(media_id, report)
        return report

    def decode_footage(
        self,
        media_id: MediaId,
        *,
        progress: Progress | None = None,
        cancelled: IsCancelled | None = None,
    ) -> DecodeReport:
        """Decode every frame of the video from its sealed copy (plaintext stays in
        memory). Reads only: a pool thread may run it while the writer stays free.
        Raises Cancelled, NotFound (shredded meanwhile) or MediaError."""
        item = self._video(media_id)
        with self._ctx.blobs.open(item.blob_id) as reader:
            return decode_check.check(
                reader, item.title or "the video", progress=progress, cancelled=cancelled
            )

    def record_check(self, media_id: MediaId, report: DecodeReport) -> MediaCheck:
        """Store the check's warning ("" when clean) with the video, and audit it."""
        check = MediaCheck(media_id, iso(self._ctx.vault.clock()), report.warning)
        with self._ctx.db.transact():
            self._repo.get(media_id)  # NotFound if shredded while it was being checked
            self._checks.record(check)
            self._ctx.audit.append(
                "media.checked",
                "media",
                media_id,
                {
                    "frames": report.frames,
                    "failed": report.failed,
                    "sound_failed": report.sound_failed,
                },
            )
        return check

    def checks(self, case_id: CaseId) -> dict[str, MediaCheck]:
        """Media id → what its decode check found, for the case's checked videos."""
        return self._checks.for_case(case_id)

    @staticmethod
    def delete_source(source: Path) -> None:
        """Overwrite the original with zeros, then delete it.

        On flash media (SD cards, SSDs, phones) the old blocks may survive wear
        levelling: this lowers the risk but cannot guarantee the file is unrecoverable.
        """
        try:
            size = source.stat().st_size
            with open(source, "r+b", buffering=0) as fh:
                block = bytes(1 << 20)
                left = size
                while left > 0:
                    left -= fh.write(block[: min(left, len(block))])
                os.fsync(fh.fileno())
            source.unlink()
        except OSError as exc:
            raise storage_error(exc, f"delete {source.name}") from exc

    # -- clips and stills --------------------------------------------------------------

    def make_clip(
        self,
        media_id: MediaId,
        start_s: float,
        end_s: float,
        *,
        title: str = "",
        progress: Progress | None = None,
        cancelled: IsCancelled | None = None,
    ) -> MediaItem:
        """A frame-exact clip [start_s, end_s) of footage, sealed with its own key."""
        source = self._video(media_id)
        self._consent.require_for([source], HOLD, "make a clip")
        if end_s > source.duration_s + 0.5:
            raise InvalidInput(messages.clip_after_end(end_s, source.duration_s))
        out = io.BytesIO()
        with self._ctx.blobs.open(source.blob_id) as reader:
            result = trim.cut_clip(
                reader, source.title or "the video", start_s, end_s, out, progress, cancelled
            )
        data = out.getvalue()
        thumb = frames.thumbnail_jpeg(io.BytesIO(data), "the clip", 0.0)
        blobs = [
            self._ctx.blobs.seal_bytes(source.case_id, "clip", data),
            self._ctx.blobs.seal_bytes(source.case_id, "thumbnail", thumb),
        ]
        item = MediaItem(
            id=MediaId(new_id()),
            case_id=source.case_id,
            blob_id=blobs[0].id,
            kind=MediaKind.CLIP,
            title=title.strip() or f"Clip {result.start_s:.1f}–{result.end_s:.1f} s",
            duration_s=result.duration_s,
            width=source.width,
            height=source.height,
            rotation=source.rotation,
            fps=source.fps,
            video_codec=source.video_codec,
            audio_codec=source.audio_codec,
            recorded_at=source.recorded_at,
            created_at=iso(self._ctx.vault.clock()),
            source_media_id=source.id,
            start_s=result.start_s,
            end_s=result.end_s,
            thumb_blob_id=blobs[1].id,
            appears=source.appears,
        )
        self._commit(
            item,
            blobs,
            "clip.created",
            {"source": source.id, "method": result.method, "seconds": round(result.duration_s, 3)},
        )
        return item

    def make_still(self, media_id: MediaId, at_s: float, *, caption: str = "") -> MediaItem:
        """The exact frame at `at_s` as a sealed PNG, upright: its size is as displayed."""
        source = self._video(media_id)
        self._consent.require_for([source], HOLD, "take a still")
        with self._ctx.blobs.open(source.blob_id) as reader:
            png = frames.still_png(reader, source.title or "the video", at_s)
        with self._ctx.blobs.open(source.blob_id) as reader:
            thumb = frames.thumbnail_jpeg(reader, source.title or "the video", at_s)
        blobs = [
            self._ctx.blobs.seal_bytes(source.case_id, "still", png),
            self._ctx.blobs.seal_bytes(source.case_id, "thumbnail", thumb),
        ]
        item = MediaItem(
            id=MediaId(new_id()),
            case_id=source.case_id,
            blob_id=blobs[0].id,
            kind=MediaKind.STILL,
            title=caption.strip() or f"Still at {at_s:.2f} s",
            duration_s=0.0,
            width=source.height if source.rotation in (90, 270) else source.width,
            height=source.width if source.rotation in (90, 270) else source.height,
            rotation=0,
            fps="",
            video_codec="png",
            audio_codec="",
            recorded_at=source.recorded_at,
            created_at=iso(self._ctx.vault.clock()),
            source_media_id=source.id,
            start_s=at_s,
            end_s=at_s,
            thumb_blob_id=blobs[1].id,
            appears=source.appears,
        )
        self._commit(item, blobs, "still.created", {"source": source.id})
        return item

    # -- reading -------------------------------------------------------------------------

    def list_media(self, case_id: CaseId) -> list[MediaItem]:
        items = self._repo.for_case(case_id)
        self._ctx.audit.append("media.listed", "case", case_id, {"count": len(items)})
        return items

    def get(self, media_id: MediaId) -> MediaItem:
        return self._repo.get(media_id)

    def set_appearing(self, media_id: MediaId, person_ids: Sequence[PersonId]) -> MediaItem:
        """Say who appears in a video, clip or still (audited: ids and a count only).
        Raises InvalidInput if empty or naming someone outside the case."""
        item = self._repo.get(media_id)
        shows = self._consent.check_appearing(item.case_id, person_ids)
        with self._ctx.db.transact():
            self._repo.set_appears(media_id, shows)
            self._ctx.audit.append("media.appearing_set", "media", media_id, {"people": len(shows)})
        return self._repo.get(media_id)

    def open_for_playback(self, media_id: MediaId) -> SealedReader:
        """A decrypting reader for the player; refused once `keep` consent is withdrawn."""
        item = self._video(media_id)
        self._consent.require_for([item], (Purpose.KEEP,), "play this video")
        reader = self._ctx.blobs.open(item.blob_id)
        self._ctx.audit.append("media.played", "media", media_id)
        return reader

    def still_png(self, media_id: MediaId) -> bytes:
        item = self._repo.get(media_id)
        self._consent.require_for([item], (Purpose.KEEP,), "show this still")
        data = self._ctx.blobs.read_bytes(item.blob_id)
        self._ctx.audit.append("still.viewed", "media", media_id)
        return data

    def thumbnail(self, item: MediaItem) -> bytes | None:
        """Thumbnail bytes for lists (covered by the `media.listed` audit entry)."""
        return self._ctx.blobs.read_bytes(item.thumb_blob_id) if item.thumb_blob_id else None

    def annotate(
        self, media_id: MediaId, *, title: str, labels: tuple[str, ...], note: str
    ) -> None:
        item = self._repo.get(media_id)
        with self._ctx.db.transact():
            self._repo.annotate(
                media_id, title=title.strip() or item.title, labels=labels, note=note
            )
            self._ctx.audit.append("media.annotated", "media", media_id, {"labels": len(labels)})

    # -- helpers -----------------------------------------------------------------------------

    def _video(self, media_id: MediaId) -> MediaItem:
        item = self._repo.get(media_id)
        if not item.is_video:
            raise InvalidInput(messages.still_not_video())
        return item

    def _refuse_twice(self, case_id: CaseId, sha256: str, name: str) -> None:
        """InvalidInput if footage with these exact bytes is already in the case.

        The hash is taken while sealing, so a second copy costs one read, not two.
        """
        row = self._ctx.db.one(
            "SELECT m.title, m.created_at FROM media m JOIN blobs b ON b.id = m.blob_id"
            " WHERE m.case_id = ? AND m.kind = ? AND b.sha256 = ? ORDER BY m.created_at",
            (case_id, MediaKind.FOOTAGE.value, sha256),
        )
        if row is not None:
            title, created = str(row[0]), parse_iso(str(row[1])).astimezone()
            raise InvalidInput(messages.already_imported(name, title, created))

    def _commit(
        self,
        item: MediaItem,
        blobs: list[SealedBlob],
        action: str,
        details: dict[str, object],
        before: Callable[[], None] = lambda: None,
    ) -> None:
        """Record blobs, the media row and the audit entry together, or discard the files.

        `before` runs first inside the same transaction and may refuse by raising.
        """
        try:
            with self._ctx.db.transact():
                before()
                for blob in blobs:
                    self._ctx.blobs.record(blob)
                self._repo.insert(item)
                self._ctx.audit.append(action, "media", item.id, {"case": item.case_id, **details})
        except BaseException:
            for blob in blobs:
                self._ctx.blobs.discard(blob)
            raise
