"""The VIG timeline (sessions and their media) and helping questions with ratings.

Every change is one transaction with its audit entry; audit details hold ids,
kinds and counts only, never notes, summaries, question text or scores.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from vigdesk.core.cases import Case, PersonKind
from vigdesk.core.clock import iso
from vigdesk.core.errors import InvalidInput
from vigdesk.core.ids import CaseId, MediaId, PersonId, new_id
from vigdesk.core.sessions import (
    HelpingQuestion,
    HelpingRating,
    Session,
    SessionKind,
    check_case_date,
    check_question_text,
    check_rating_date,
    check_score,
    check_summary,
)
from vigdesk.services.context import Context
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.media import MediaRepo
from vigdesk.storage.sessions import HelpingRepo, SessionRepo


class SessionService:
    """Add, change and list a case's sessions; link footage and clips to them.

    Raises InvalidInput for impossible dates, a summary on a non-review session or
    media from another case; NotFound for unknown ids.
    """

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._repo = SessionRepo(ctx.db)
        self._cases = CaseRepo(ctx.db)
        self._media = MediaRepo(ctx.db)

    def add_session(
        self,
        case_id: CaseId,
        kind: SessionKind,
        held_on: date,
        *,
        notes: str = "",
        summary: str = "",
        media_ids: Iterable[MediaId] = (),
    ) -> Session:
        case = self._cases.get(case_id)
        self._check(case, kind, held_on, summary)
        media = self._check_media(case, media_ids)
        now = iso(self._ctx.vault.clock())
        session = Session(
            id=new_id(),
            case_id=case.id,
            kind=kind,
            held_on=held_on,
            notes=notes.strip(),
            summary=summary.strip(),
            media_ids=media,
            created_at=now,
            updated_at=now,
        )
        with self._ctx.db.transact():
            self._repo.insert(session)
            self._ctx.audit.append(
                "session.added",
                "session",
                session.id,
                {
                    "case": case.id,
                    "kind": kind.value,
                    "media": len(media),
                    "summary": session.summary_written,
                },
            )
        return session

    def update_session(
        self,
        session_id: str,
        *,
        kind: SessionKind | None = None,
        held_on: date | None = None,
        notes: str | None = None,
        summary: str | None = None,
    ) -> Session:
        """Change the given fields only; the audit entry names which fields changed."""
        old = self._repo.get(session_id)
        new = replace(
            old,
            kind=old.kind if kind is None else kind,
            held_on=old.held_on if held_on is None else held_on,
            notes=old.notes if notes is None else notes.strip(),
            summary=old.summary if summary is None else summary.strip(),
        )
        self._check(self._cases.get(old.case_id), new.kind, new.held_on, new.summary)
        changed = [
            f
            for f in ("kind", "held_on", "notes", "summary")
            if (getattr(old, f) != getattr(new, f))
        ]
        if not changed:
            return old
        new = replace(new, updated_at=iso(self._ctx.vault.clock()))
        with self._ctx.db.transact():
            self._repo.update(new)
            self._ctx.audit.append(
                "session.updated", "session", old.id, {"case": old.case_id, "fields": changed}
            )
        return new

    def link_media(self, session_id: str, media_ids: Iterable[MediaId]) -> Session:
        session = self._repo.get(session_id)
        media = self._check_media(self._cases.get(session.case_id), media_ids)
        added = tuple(m for m in media if m not in session.media_ids)
        if added:
            with self._ctx.db.transact():
                self._repo.link(session.id, added)
                self._ctx.audit.append(
                    "session.media_linked",
                    "session",
                    session.id,
                    {"case": session.case_id, "media": list(added)},
                )
        return replace(session, media_ids=session.media_ids + added)

    def unlink_media(self, session_id: str, media_id: MediaId) -> Session:
        session = self._repo.get(session_id)
        if media_id not in session.media_ids:
            raise InvalidInput("That video is not linked to this session.")
        with self._ctx.db.transact():
            self._repo.unlink(session.id, media_id)
            self._ctx.audit.append(
                "session.media_unlinked",
                "session",
                session.id,
                {"case": session.case_id, "media": [media_id]},
            )
        return replace(session, media_ids=tuple(m for m in session.media_ids if m != media_id))

    def list_sessions(self, case_id: CaseId) -> list[Session]:
        """The case's sessions, oldest first, with notes and summaries: audited as a read."""
        self._cases.get(case_id)
        sessions = self._repo.for_case(case_id)
        self._ctx.audit.append("session.listed", "case", case_id, {"count": len(sessions)})
        return sessions

    def media_with_written_review(self, case_id: CaseId) -> frozenset[str]:
        """Media linked to a review whose summary is written: what retention may delete."""
        return frozenset(
            m for s in self._repo.for_case(case_id) if s.summary_written for m in s.media_ids
        )

    def _check(self, case: Case, kind: SessionKind, held_on: date, summary: str) -> None:
        check_case_date(
            "session date", held_on, case.referral_date, case.closed_on, self._ctx.today()
        )
        check_summary(kind, summary)

    def _check_media(self, case: Case, media_ids: Iterable[MediaId]) -> tuple[MediaId, ...]:
        ids = tuple(dict.fromkeys(media_ids))
        for media_id in ids:
            if self._media.get(media_id).case_id != case.id:
                raise InvalidInput(f"Video {media_id} belongs to another case than {case.code}.")
        return ids


class HelpingService:
    """The family's helping questions and their 0–10 ratings by adults in the case."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._repo = HelpingRepo(ctx.db)
        self._cases = CaseRepo(ctx.db)
        self._sessions = SessionRepo(ctx.db)

    def add_question(
        self, case_id: CaseId, text: str, *, agreed_on: date | None = None
    ) -> HelpingQuestion:
        """A question agreed on `agreed_on` (default today); InvalidInput for bad text or date."""
        case = self._cases.get(case_id)
        agreed_on = agreed_on or self._ctx.today()
        check_case_date(
            "date agreed", agreed_on, case.referral_date, case.closed_on, self._ctx.today()
        )
        question = HelpingQuestion(
            id=new_id(),
            case_id=case.id,
            text=check_question_text(text),
            agreed_on=agreed_on,
            created_at=iso(self._ctx.vault.clock()),
        )
        with self._ctx.db.transact():
            self._repo.insert_question(question)
            self._ctx.audit.append(
                "helping.added", "helping_question", question.id, {"case": case.id}
            )
        return question

    def rate(
        self,
        question_id: str,
        rated_by: PersonId,
        score: int,
        *,
        session_id: str | None = None,
        rated_on: date | None = None,
    ) -> HelpingRating:
        """A rating at baseline (no session) or at a session (dated that day).

        InvalidInput: score not a whole number 0–10, rater not an adult of the case,
        a session of another case, a date outside the case, or a second rating by the
        same adult for the same question at the same point.
        """
        question = self._repo.question(question_id)
        rater = self._cases.person(rated_by)
        if rater.case_id != question.case_id or rater.kind is not PersonKind.ADULT:
            raise InvalidInput("Helping questions are rated by an adult in the same family.")
        score = check_score(score)
        if session_id is not None:
            session = self._sessions.get(session_id)
            if session.case_id != question.case_id:
                raise InvalidInput("That session belongs to another case.")
            if rated_on is not None and rated_on != session.held_on:
                raise InvalidInput(
                    f"A rating at a session is dated that session ({session.held_on:%d %b %Y})."
                )
            rated_on = session.held_on
        rated_on = rated_on or self._ctx.today()
        check_rating_date(rated_on, question.agreed_on, self._ctx.today())
        if self._repo.rating_exists(question.id, rater.id, session_id):
            when = "at baseline" if session_id is None else "at that session"
            raise InvalidInput(f"{rater.initials} has already rated this question {when}.")
        rating = HelpingRating(new_id(), question.id, rater.id, score, rated_on, session_id)
        with self._ctx.db.transact():
            self._repo.insert_rating(rating, iso(self._ctx.vault.clock()))
            self._ctx.audit.append(
                "helping.rated",
                "helping_question",
                question.id,
                {"case": question.case_id, "session": session_id, "baseline": session_id is None},
            )
        return rating

    def list_questions(self, case_id: CaseId) -> list[HelpingQuestion]:
        """The case's questions with their ratings, oldest first: audited as a read."""
        self._cases.get(case_id)
        questions = self._repo.for_case(case_id)
        self._ctx.audit.append(
            "helping.listed",
            "case",
            case_id,
            {"questions": len(questions), "ratings": sum(len(q.ratings) for q in questions)},
        )
        return questions
