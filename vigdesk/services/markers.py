"""Moment markers on footage and clips: add, move by frame, retype, delete, list, chains.

Every change is one transaction with its audit entry; audit details hold ids, the type
and counts only, never the note or initials. Markers live in the case database under
their case and video, sync like other rows and go when the video is shredded (cascade).
Thread-safe through the database lock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from vigdesk.core.clock import iso
from vigdesk.core.consent import Purpose
from vigdesk.core.errors import InvalidInput
from vigdesk.core.ids import CaseId, MediaId, new_id
from vigdesk.core.marker_chains import Chain, FootageSummary, build_chains, summarise
from vigdesk.core.markers import (
    Marker,
    MarkerTypes,
    by_time,
    clean_note,
    clean_who,
    clip_span,
    marker_types_from,
    parse_fps,
    shift,
    snap,
)
from vigdesk.core.media import MediaItem
from vigdesk.paths import resources_dir
from vigdesk.services.consent import ConsentService
from vigdesk.services.context import Context
from vigdesk.services.media import IsCancelled, MediaService, Progress
from vigdesk.services.principles import load_principles, principle_label
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.markers import MarkerRepo
from vigdesk.storage.media import MediaRepo


def load_marker_types(path: Path | None = None) -> MarkerTypes:
    """Read and check the marker types file; ValueError naming the file when malformed."""
    return _load(path or resources_dir() / "markers" / "types.json")


@cache
def _load(path: Path) -> MarkerTypes:
    try:
        return marker_types_from(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path} is not a valid marker types file: {exc}") from exc


@cache
def paig_labels() -> frozenset[str]:
    """Every principle and behaviour label of the PAIG file: also valid marker types."""
    principles = load_principles().principles
    return frozenset(
        {p.label for p in principles}
        | {principle_label(p.id, b.id) for p in principles for b in p.behaviours}
    )


@dataclass(frozen=True)
class MarkerAnalysis:
    """One video's markers by time, the chains among them and the summary figures, with
    the initials a marker's "who" may take (the case's people)."""

    markers: tuple[Marker, ...]
    chains: tuple[Chain, ...]
    summary: FootageSummary
    initials: tuple[str, ...] = ()


class MarkerService:
    """Raises NotFound for unknown ids, InvalidInput for a bad time, type, who or note,
    ConsentRequired once the family's `keep` consent is gone."""

    def __init__(
        self,
        ctx: Context,
        consent: ConsentService,
        media: MediaService,
        types: MarkerTypes | None = None,
    ) -> None:
        self._ctx = ctx
        self._consent = consent
        self._media_service = media
        self._types = types or load_marker_types()
        self._repo = MarkerRepo(ctx.db)
        self._media = MediaRepo(ctx.db)
        self._cases = CaseRepo(ctx.db)

    @property
    def types(self) -> MarkerTypes:
        return self._types

    def add(
        self, media_id: MediaId, at_s: float, type: str, *, who: str = "", note: str = ""
    ) -> Marker:
        """A marker on the frame showing at `at_s`."""
        video = self._video(media_id)
        self._consent.require_for([video], (Purpose.KEEP,), "mark a moment")
        marker = Marker(
            id=new_id(),
            case_id=video.case_id,
            media_id=video.id,
            at_s=snap(at_s, parse_fps(video.fps), video.duration_s),
            type=self._types.check(type, paig_labels()),
            who=clean_who(who, self._initials(video.case_id)),
            note=clean_note(note),
            created_at=iso(self._ctx.vault.clock()),
        )
        with self._ctx.db.transact():
            self._repo.insert(marker)
            self._audit("marker.added", marker)
        return marker

    def move(self, marker_id: str, frames: int) -> Marker:
        """The marker `frames` frames later (earlier if negative), kept inside the video."""
        marker = self._repo.get(marker_id)
        video = self._video(marker.media_id)
        at_s = shift(marker.at_s, frames, parse_fps(video.fps), video.duration_s)
        return self._save(replace(marker, at_s=at_s), "marker.moved")

    def edit(
        self,
        marker_id: str,
        *,
        type: str | None = None,
        who: str | None = None,
        note: str | None = None,
    ) -> Marker:
        """Change the type, who or note; what is left None stays."""
        marker = self._repo.get(marker_id)
        changed = replace(
            marker,
            type=marker.type if type is None else self._types.check(type, paig_labels()),
            who=marker.who if who is None else clean_who(who, self._initials(marker.case_id)),
            note=marker.note if note is None else clean_note(note),
        )
        return self._save(changed, "marker.changed")

    def delete(self, marker_id: str) -> None:
        marker = self._repo.get(marker_id)
        with self._ctx.db.transact():
            self._repo.delete(marker_id)
            self._audit("marker.deleted", marker)

    def list_markers(self, media_id: MediaId) -> list[Marker]:
        """The video's markers by time; audited as one read."""
        video = self._media.get(media_id)
        markers = self._repo.for_media(media_id)
        self._ctx.audit.append(
            "markers.listed", "media", media_id, {"case": video.case_id, "count": len(markers)}
        )
        return markers

    def analyse(self, media_id: MediaId) -> MarkerAnalysis:
        """The video's markers, chains and summary; audited as one read."""
        markers = by_time(self.list_markers(media_id))
        case_id = self._media.get(media_id).case_id
        return MarkerAnalysis(
            tuple(markers),
            build_chains(markers, self._types),
            summarise(markers, self._types),
            tuple(sorted(self._initials(case_id))),
        )

    def clip(
        self,
        media_id: MediaId,
        marker_ids: list[str],
        *,
        pad_before_s: float = 1.0,
        pad_after_s: float = 1.0,
        title: str = "",
        progress: Progress | None = None,
        cancelled: IsCancelled | None = None,
    ) -> MediaItem:
        """A clip around the chosen markers (a chain, say): from the first less
        `pad_before_s` to the last plus `pad_after_s`, on frames. The clip gets its own
        copy of every marker inside its span (times counted from the clip's start) and
        their PAIG behaviours as labels (a chain's own steps carry none). The clip is
        made first, the copies after it in their own transaction. Raises as
        `MediaService.make_clip` does."""
        video = self._video(media_id)
        markers = self._repo.for_media(media_id)
        chosen = [m for m in markers if m.id in set(marker_ids)]
        if len(chosen) != len(set(marker_ids)):
            raise InvalidInput("Some of the chosen markers are not on this video any more.")
        start_s, end_s = clip_span(
            [m.at_s for m in chosen],
            pad_before_s,
            pad_after_s,
            parse_fps(video.fps),
            video.duration_s,
        )
        clip = self._media_service.make_clip(
            media_id, start_s, end_s, title=title, progress=progress, cancelled=cancelled
        )
        offset = clip.start_s if clip.start_s is not None else start_s
        inside = [m for m in markers if start_s <= m.at_s < end_s]
        copies = [
            replace(
                m,
                id=new_id(),
                media_id=clip.id,
                at_s=snap(max(0.0, m.at_s - offset), parse_fps(clip.fps), clip.duration_s),
            )
            for m in inside
        ]
        labels = tuple(dict.fromkeys(m.type for m in inside if m.type in paig_labels()))
        with self._ctx.db.transact():
            for copy in copies:
                self._repo.insert(copy)
            self._ctx.audit.append(
                "markers.copied",
                "media",
                clip.id,
                {"case": clip.case_id, "source": media_id, "count": len(copies)},
            )
        if labels:
            self._media_service.annotate(clip.id, title=clip.title, labels=labels, note="")
            clip = self._media.get(clip.id)
        return clip

    # -- helpers -------------------------------------------------------------------------------

    def _video(self, media_id: MediaId) -> MediaItem:
        item = self._media.get(media_id)
        if not item.is_video:
            raise InvalidInput("That item is a still: markers go on footage and clips.")
        return item

    def _initials(self, case_id: CaseId) -> frozenset[str]:
        return frozenset(p.initials.upper() for p in self._cases.people(case_id))

    def _save(self, marker: Marker, action: str) -> Marker:
        with self._ctx.db.transact():
            self._repo.update(
                marker.id, at_s=marker.at_s, type=marker.type, who=marker.who, note=marker.note
            )
            self._audit(action, marker)
        return marker

    def _audit(self, action: str, marker: Marker) -> None:
        self._ctx.audit.append(
            action,
            "marker",
            marker.id,
            {"case": marker.case_id, "media": marker.media_id, "type": marker.type},
        )
