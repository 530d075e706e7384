"""What the review workspace shows of a case, loaded in a task as plain values.

The functions here run on worker threads and call services only; widgets get the
frozen results (Picard's rule: workers hand over snapshots, never live objects).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from vigdesk.core.cases import Person
from vigdesk.core.clock import parse_iso
from vigdesk.core.dates import day_text
from vigdesk.core.errors import NotFound
from vigdesk.core.ids import CaseId
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.core.sessions import REVIEW_KINDS, HelpingQuestion, SessionKind
from vigdesk.services.session import Services


@dataclass(frozen=True)
class CaseMedia:
    """A case's footage, clips and stills with their thumbnails (JPEG bytes, in memory)."""

    case_id: CaseId
    code: str
    initials: str
    items: tuple[MediaItem, ...]
    thumbnails: dict[str, bytes]  # media id → JPEG
    questions: tuple[HelpingQuestion, ...]
    damage: dict[str, str] = field(default_factory=dict)  # media id → decode-check warning
    reviews: dict[str, str] = field(default_factory=dict)  # footage id → review session id
    review_sessions: tuple[tuple[str, str], ...] = ()  # (session id, "Shared review, 8 Oct…")
    people: tuple[Person, ...] = ()  # the family, for who appears in each item


def load_case_media(
    services: Services, case_id: CaseId, known_thumbs: Iterable[str] = ()
) -> CaseMedia:
    """Worker thread. Lists the case's media (audited), what their decode checks found,
    and the thumbnails not yet held."""
    case = services.cases.find(case_id)
    items = services.media.list_media(case_id)
    have = set(known_thumbs)
    thumbs: dict[str, bytes] = {}
    for item in items:
        if item.thumb_blob_id and item.thumb_blob_id not in have:
            try:
                data = services.media.thumbnail(item)
            except NotFound:  # the key was shredded by retention a moment ago
                data = None
            if data:
                thumbs[item.thumb_blob_id] = data
    questions = services.helping.list_questions(case_id)
    damage = {m: c.damage for m, c in services.media.checks(case_id).items() if c.damage}
    sessions = tuple(
        (x.id, f"{REVIEW_NAMES[x.kind]}, {day_text(x.held_on)}")
        for x in services.sessions.list_sessions(case_id)
        if x.kind in REVIEW_KINDS
    )
    return CaseMedia(
        case.id,
        case.code,
        case.initials,
        tuple(items),
        thumbs,
        tuple(questions),
        damage,
        services.reviews_filmed.for_case(case_id),
        sessions,
        tuple(services.cases.people(case_id)),
    )


REVIEW_NAMES = {
    SessionKind.SHARED_REVIEW: "Shared review",
    SessionKind.FINAL_REVIEW: "Final review",
}


def first_case_with_footage(services: Services) -> CaseId | None:
    """Worker thread. The first active case that has footage (for the demo's start)."""
    for case in services.cases.list_cases():
        if case.status.value != "active":
            continue
        if any(m.kind is MediaKind.FOOTAGE for m in services.media.list_media(case.id)):
            return case.id
    return None


def when(item: MediaItem) -> datetime:
    """When the moment was filmed, else when the item was made (UTC)."""
    stamp = item.recorded_at or item.created_at
    try:
        return parse_iso(stamp)
    except ValueError:
        return parse_iso(item.created_at)
