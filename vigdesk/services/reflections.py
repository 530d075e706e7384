"""The parent's reflections typed in shared review, recorded in the review's session.

Sessions live on the case-record schedule and are covered by sync, erasure and the
audit, so the reflections outlive the clips they were typed beside. One transaction per
call with its audit entry; audit details hold ids and counts, never the words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from vigdesk.core.cases import Case
from vigdesk.core.clock import iso
from vigdesk.core.errors import InvalidInput
from vigdesk.core.ids import CaseId, MediaId, new_id
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.core.reflections import (
    OldReflection,
    Reflection,
    reflections_block,
    split_clip_note,
    with_paragraph,
)
from vigdesk.core.sessions import REVIEW_KINDS, Session, SessionKind, check_case_date
from vigdesk.services.context import Context
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.media import MediaRepo
from vigdesk.storage.sessions import SessionRepo


class ReflectionService:
    """Raises InvalidInput for media of another case, a session that is not a review
    of the case or a date outside the case; NotFound for unknown ids."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._sessions = SessionRepo(ctx.db)
        self._cases = CaseRepo(ctx.db)
        self._media = MediaRepo(ctx.db)

    def record(
        self,
        case_id: CaseId,
        reflections: Sequence[Reflection],
        *,
        shown: Sequence[MediaId],
        session_id: str | None = None,
    ) -> Session:
        """Add the reflections to review `session_id` (or to a new shared review held
        today) and link every item `shown`; returns the session as stored."""
        case = self._cases.get(case_id)
        items = {m: self._item(case, m) for m in dict.fromkeys([*shown, *_ids(reflections)])}
        lines = [(_moment(items[r.media_id]), r.text) for r in reflections]
        block = reflections_block(lines)
        said = sum(1 for _, text in lines if text.strip())
        now = iso(self._ctx.vault.clock())
        with self._ctx.db.transact():
            if session_id is None:
                today = self._ctx.today()
                check_case_date("session date", today, case.referral_date, case.closed_on, today)
                session = Session(
                    new_id(), case.id, SessionKind.SHARED_REVIEW, today, block, "", (), now, now
                )
                self._sessions.insert(session)
            else:
                session = self._review(case, session_id)
                if block:
                    session = replace(
                        session, notes=with_paragraph(session.notes, block), updated_at=now
                    )
                    self._sessions.update(session)
            added = tuple(m for m in items if m not in session.media_ids)
            self._sessions.link(session.id, added)
            self._ctx.audit.append(
                "session.reflections_recorded",
                "session",
                session.id,
                {
                    "case": case.id,
                    "reflections": said,
                    "media": len(items),
                    "new": session_id is None,
                },
            )
        return replace(session, media_ids=session.media_ids + added)

    def adopt_from_clips(self) -> int:
        """Move reflections earlier versions saved in clips' notes to a review session:
        the review that showed the item on the day they were typed, else a shared review
        made for that day. Returns how many paragraphs moved; 0 once done. Runs after
        unlock (`services.access.unlock_vault`)."""
        moved = 0
        rows = self._ctx.db.execute(
            "SELECT id FROM media WHERE instr(note, ?) > 0 ORDER BY created_at",
            ("Shared review, the parent's reflections (",),
        )
        for (media_id,) in rows:
            moved += self._adopt(self._media.get(str(media_id)))
        return moved

    def _adopt(self, item: MediaItem) -> int:
        note, found = split_clip_note(item.note)
        if not found:
            return 0
        case = self._cases.get(item.case_id)
        now = iso(self._ctx.vault.clock())
        with self._ctx.db.transact():
            for said_on, group in _by_day(found, lambda on: self._day_of(case, item, on)):
                session = self._showing(case, item.id, said_on)
                block = reflections_block([(_moment(item), text) for text in group])
                if session is None:
                    session = Session(
                        new_id(), case.id, SessionKind.SHARED_REVIEW, said_on, block, "",
                        (item.id,), now, now,
                    )  # fmt: skip
                    self._sessions.insert(session)
                else:
                    self._sessions.update(
                        replace(session, notes=with_paragraph(session.notes, block), updated_at=now)
                    )
                    self._sessions.link(session.id, (item.id,))
                self._ctx.audit.append(
                    "session.reflections_moved",
                    "session",
                    session.id,
                    {"case": case.id, "media": item.id, "reflections": len(group)},
                )
            self._media.annotate(item.id, title=item.title, labels=item.labels, note=note)
            self._ctx.audit.append(
                "media.annotated", "media", item.id, {"labels": len(item.labels)}
            )
        return len(found)

    def _showing(self, case: Case, media_id: MediaId, on: date) -> Session | None:
        """The review held `on` that showed the item, else any review held that day."""
        reviews = [
            s
            for s in self._sessions.for_case(case.id)
            if s.kind in REVIEW_KINDS and s.held_on == on
        ]
        showed = [s for s in reviews if media_id in s.media_ids]
        return (showed or reviews)[0] if reviews else None

    def _day_of(self, case: Case, item: MediaItem, said_on: date | None) -> date:
        """The stamp's day (the item's day when unreadable), kept within the case."""
        return self._within(case, said_on or date.fromisoformat(item.created_at[:10]))

    def _within(self, case: Case, day: date) -> date:
        last = min(d for d in (case.closed_on, self._ctx.today()) if d is not None)
        return max(case.referral_date, min(day, last))

    def _item(self, case: Case, media_id: MediaId) -> MediaItem:
        item = self._media.get(media_id)
        if item.case_id != case.id:
            raise InvalidInput(f"Video {media_id} belongs to another case than {case.code}.")
        return item

    def _review(self, case: Case, session_id: str) -> Session:
        session = self._sessions.get(session_id)
        if session.case_id != case.id or session.kind not in REVIEW_KINDS:
            raise InvalidInput("Reflections are recorded in a shared review of the same case.")
        return session


def _ids(reflections: Sequence[Reflection]) -> list[MediaId]:
    return [r.media_id for r in reflections]


def _moment(item: MediaItem) -> str:
    kind = {MediaKind.CLIP: "clip", MediaKind.STILL: "still"}.get(item.kind, "video")
    return f"{kind} “{item.title}”"


def _by_day(
    found: Sequence[OldReflection], day: Callable[[date | None], date]
) -> list[tuple[date, list[str]]]:
    groups: dict[date, list[str]] = {}
    for old in found:
        groups.setdefault(day(old.said_on), []).append(old.text)
    return list(groups.items())
