"""The VIG timeline of a case (meetings, filming, shared reviews) and helping questions.

A shared review's written summary is the record that outlives the video: once a
review linked to some footage has a summary, that footage may be deleted by the
retention rules without losing what was learnt from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vigdesk.core.errors import InvalidInput
from vigdesk.core.ids import CaseId, MediaId, PersonId

RATING_MIN = 0
RATING_MAX = 10
MAX_QUESTION_CHARS = 500


class SessionKind(StrEnum):
    INITIAL_MEETING = "initial_meeting"
    FILMING = "filming"
    SHARED_REVIEW = "shared_review"
    FINAL_REVIEW = "final_review"


REVIEW_KINDS = frozenset({SessionKind.SHARED_REVIEW, SessionKind.FINAL_REVIEW})


@dataclass(frozen=True)
class Session:
    id: str
    case_id: CaseId
    kind: SessionKind
    held_on: date
    notes: str
    summary: str  # the written review summary; empty for other kinds
    media_ids: tuple[MediaId, ...]
    created_at: str
    updated_at: str

    @property
    def summary_written(self) -> bool:
        """True for a review whose written summary exists (lets linked video go)."""
        return self.kind in REVIEW_KINDS and bool(self.summary.strip())


@dataclass(frozen=True)
class HelpingRating:
    """One adult's 0–10 rating of a helping question, at baseline or at a session."""

    id: str
    question_id: str
    rated_by: PersonId  # person id of an adult in the case
    score: int
    rated_on: date
    session_id: str | None  # None: the baseline rating

    @property
    def is_baseline(self) -> bool:
        return self.session_id is None


@dataclass(frozen=True)
class HelpingQuestion:
    """The family's own goal, e.g. "How can I help my child feel safe when we are apart?"."""

    id: str
    case_id: CaseId
    text: str
    agreed_on: date
    created_at: str
    ratings: tuple[HelpingRating, ...] = ()


def check_case_date(
    what: str, on: date, referral: date, closed_on: date | None, today: date
) -> None:
    """InvalidInput unless referral ≤ on ≤ today (and ≤ the closing date if closed).

    `what` names the date in the message, e.g. "session date".
    """
    if on < referral:
        raise InvalidInput(
            f"The {what} {on:%d %b %Y} is before the referral ({referral:%d %b %Y})."
        )
    if on > today:
        raise InvalidInput(f"The {what} {on:%d %b %Y} is in the future.")
    if closed_on is not None and on > closed_on:
        raise InvalidInput(
            f"The {what} {on:%d %b %Y} is after the case closed ({closed_on:%d %b %Y})."
        )


def check_summary(kind: SessionKind, summary: str) -> None:
    """Only shared and final reviews carry a written summary."""
    if summary.strip() and kind not in REVIEW_KINDS:
        raise InvalidInput("A written summary belongs to a shared or final review session.")


def check_question_text(text: str) -> str:
    """The stripped question; InvalidInput if empty or too long."""
    text = " ".join(text.split())
    if not text:
        raise InvalidInput("Write the helping question in the family's own words.")
    if len(text) > MAX_QUESTION_CHARS:
        raise InvalidInput(f"A helping question is at most {MAX_QUESTION_CHARS} characters.")
    return text


def check_score(score: object) -> int:
    """A whole number from 0 to 10, else InvalidInput."""
    if isinstance(score, bool) or not isinstance(score, int):
        raise InvalidInput(f"A rating is a whole number from {RATING_MIN} to {RATING_MAX}.")
    if not RATING_MIN <= score <= RATING_MAX:
        raise InvalidInput(f"A rating must be from {RATING_MIN} to {RATING_MAX}, not {score}.")
    return score


def check_rating_date(rated_on: date, agreed_on: date, today: date) -> None:
    if rated_on < agreed_on:
        raise InvalidInput(
            f"The rating date {rated_on:%d %b %Y} is before the question was agreed "
            f"({agreed_on:%d %b %Y})."
        )
    if rated_on > today:
        raise InvalidInput(f"The rating date {rated_on:%d %b %Y} is in the future.")
