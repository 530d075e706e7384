"""Filmed shared reviews (issue 24): footage marked as the recording of a review meeting,
for the practitioner's supervision, with guider-skill labels kept apart from the
parent–child principles.

Marking needs the `review_filming` consent of every adult the recording shows (the
consent service names who lacks it). Clips and stills cut from such footage are review
clips too; a supervision package can hold them beside the interaction clips.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vigdesk.core.cases import PersonKind
from vigdesk.core.clock import iso
from vigdesk.core.errors import InvalidInput
from vigdesk.core.ids import CaseId, MediaId, PersonId
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.core.sessions import REVIEW_KINDS
from vigdesk.paths import resources_dir
from vigdesk.services.consent import ConsentService, appearing_in
from vigdesk.services.context import Context
from vigdesk.services.media import ImportResult, MediaService
from vigdesk.storage import review_recordings as recordings
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.sessions import SessionRepo

SKILL_PREFIX = "skill:"


@dataclass(frozen=True)
class GuiderSkill:
    id: str
    label: str

    @property
    def tag(self) -> str:
        return f"{SKILL_PREFIX}{self.id}"


def load_guider_skills(path: Path | None = None) -> tuple[GuiderSkill, ...]:
    """The guider-skill set (`resources/training/guider_skills.json`); ValueError naming
    a malformed file."""
    return _load(path or resources_dir() / "training" / "guider_skills.json")


@cache
def _load(path: Path) -> tuple[GuiderSkill, ...]:
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))["skills"]
        skills = tuple(GuiderSkill(str(r["id"]), str(r["label"])) for r in rows)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path} is not a valid guider skills file: {exc}") from exc
    ids = [s.id for s in skills]
    if not skills or len(set(ids)) != len(ids) or not all(i and i.isascii() for i in ids):
        raise ValueError(f"{path}: skills need distinct, non-empty ASCII ids")
    return skills


class ReviewRecordingService:
    """Thread-safe through the database lock. InvalidInput, ConsentRequired, NotFound."""

    def __init__(self, ctx: Context, consent: ConsentService, media: MediaService) -> None:
        self._ctx = ctx
        self._consent = consent
        self._media = media

    def mark(self, media_id: MediaId, session_id: str) -> None:
        """Record that footage `media_id` is the recording of review `session_id`."""
        item = self._media.get(media_id)
        self._check(item.case_id, session_id, item.kind)
        self._require(item.case_id, self._adults(item))
        with self._ctx.db.transact() as db:
            recordings.mark(db, item.id, item.case_id, session_id, iso(self._ctx.vault.clock()))
            self._ctx.audit.append(
                "media.review_recording_marked",
                "media",
                item.id,
                {"case": item.case_id, "session": session_id},
            )

    def unmark(self, media_id: MediaId) -> None:
        item = self._media.get(media_id)
        with self._ctx.db.transact() as db:
            if recordings.unmark(db, item.id):
                self._ctx.audit.append(
                    "media.review_recording_unmarked", "media", item.id, {"case": item.case_id}
                )

    def import_recording(
        self,
        case_id: CaseId,
        source: Path,
        session_id: str,
        *,
        appearing: Sequence[PersonId] | None = None,
    ) -> ImportResult:
        """Import footage of a review meeting: the session and the consent are checked
        before anything is sealed."""
        self._check(case_id, session_id, MediaKind.FOOTAGE)
        people = CaseRepo(self._ctx.db).people(case_id)
        adults = None
        if appearing is not None:
            kinds = {p.id: p.kind for p in people}
            adults = [p for p in appearing if kinds.get(p) is PersonKind.ADULT]
        self._require(case_id, adults)
        result = self._media.import_footage(case_id, source, appearing=appearing)
        self.mark(result.item.id, session_id)
        return result

    def session_of(self, item: MediaItem) -> str | None:
        return recordings.session_of(self._ctx.db, item)

    def for_case(self, case_id: CaseId) -> dict[str, str]:
        return recordings.for_case(self._ctx.db, case_id)

    def _check(self, case_id: CaseId, session_id: str, kind: MediaKind) -> None:
        if kind is not MediaKind.FOOTAGE:
            raise InvalidInput("Only footage can be the recording of a review meeting.")
        session = SessionRepo(self._ctx.db).get(session_id)
        if session.case_id != case_id or session.kind not in REVIEW_KINDS:
            raise InvalidInput("Choose one of this family's shared review sessions.")

    def _adults(self, item: MediaItem) -> list[PersonId]:
        people = CaseRepo(self._ctx.db).people(item.case_id)
        shown = set(appearing_in(item, people))
        return [p.id for p in people if p.id in shown and p.kind is PersonKind.ADULT]

    def _require(self, case_id: CaseId, adults: Sequence[PersonId] | None) -> None:
        self._consent.require_review_filming(case_id, list(adults) if adults else None)
