"""Closing a case shows the review video whose written summary is missing (issue 18)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import Family
from tests.services.test_retention import Clock, clock, filmed, s  # noqa: F401  (fixtures)
from vigdesk.core.errors import InvalidInput
from vigdesk.core.sessions import SessionKind
from vigdesk.services.session import Services


@pytest.fixture
def review(s: Services, filmed: tuple[Family, list[str]]) -> str:  # noqa: F811
    """The clip was shown at a shared review whose summary is not written; the case is open."""
    fam, (_source, clip, _still) = filmed
    return s.sessions.add_session(
        fam.case.id, SessionKind.SHARED_REVIEW, date(2026, 11, 24), media_ids=[clip]
    ).id


def test_closing_lists_review_video_without_a_summary_with_its_due_date(
    s: Services,  # noqa: F811
    filmed: tuple[Family, list[str]],  # noqa: F811
    review: str,
) -> None:
    fam, (_source, clip, _still) = filmed
    [item] = s.retention.summaries_missing(fam.case.id, closing_on=date(2026, 11, 30))
    assert (item.object_id, item.reviews_without_summary) == (clip, (review,))
    assert item.due_on == date(2027, 1, 30)  # closing date + the policy's two months
    assert "case closed 30 Nov 2026" in item.reason
    s.sessions.update_session(review, summary="Dad saw her smile back.")
    assert s.retention.summaries_missing(fam.case.id) == []


def test_closing_anyway_notes_the_list_in_the_audit(
    s: Services,  # noqa: F811
    filmed: tuple[Family, list[str]],  # noqa: F811
    review: str,
) -> None:
    fam = filmed[0]
    s.cases.close_case(fam.case.id, date(2026, 11, 24), "goals met", summaries_missing=1)
    [entry] = [e for e in s.ctx.audit.entries() if e.action == "case.closed"]
    assert entry.details["summaries_missing"] == 1
    # Still listed after closing: the sweep keeps the clip until something is done.
    assert [d.object_id for d in s.retention.summaries_missing(fam.case.id)] == [filmed[1][1]]


def test_going_without_a_summary_needs_a_reason_kept_in_the_record_and_audited(
    s: Services,  # noqa: F811
    filmed: tuple[Family, list[str]],  # noqa: F811
    review: str,
    clock: Clock,  # noqa: F811
) -> None:
    fam, (_source, clip, _still) = filmed
    with pytest.raises(InvalidInput, match="reason"):
        s.retention.without_summary([review], "  ")
    with pytest.raises(InvalidInput, match="not a review"):
        filming = s.sessions.add_session(fam.case.id, SessionKind.FILMING, date(2026, 11, 20))
        s.retention.without_summary([filming.id], "no")
    s.retention.without_summary([review], "Family moved before the summary was written")
    assert s.retention.summaries_missing(fam.case.id) == []
    session = next(x for x in s.sessions.list_sessions(fam.case.id) if x.id == review)
    assert session.summary == ""
    assert "Reason given: Family moved before the summary was written" in session.notes
    [entry] = [e for e in s.ctx.audit.entries() if e.action == "retention.summary_waived"]
    assert (entry.object_type, entry.object_id) == ("session", review)
    assert "Family" not in str(entry.details)
    # The sweep after the closure period deletes it without asking again.
    s.cases.close_case(fam.case.id, date(2026, 11, 24), "goals met")
    clock.travel(90)
    result = s.retention.sweep()
    assert clip in {d.object_id for d in result.deleted} and not result.needs_summary
