"""What the review workspace shows of a case, loaded in a task as plain values.

The functions here run on worker threads and call services only; widgets get the
frozen results (Picard's rule: workers hand over snapshots, never live objects).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from vigdesk.core.clock import parse_iso
from vigdesk.core.errors import NotFound
from vigdesk.core.ids import CaseId
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.core.sessions import HelpingQuestion
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
    return CaseMedia(
        case.id, case.code, case.initials, tuple(items), thumbs, tuple(questions), damage
    )


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
