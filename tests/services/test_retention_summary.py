"""A written record before the video goes: review video without a summary is held."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import Family
from tests.services.test_retention import Clock, clock, filmed, s  # noqa: F401  (fixtures)
from vigdesk.core.errors import InvalidInput
from vigdesk.core.retention import Policy
from vigdesk.core.sessions import SessionKind
from vigdesk.paths import resources_dir
from vigdesk.services.retention import RetentionService
from vigdesk.services.session import Services


@pytest.fixture
def reviewed(s: Services, filmed: tuple[Family, list[str]], clock: Clock) -> tuple[Family, str]:  # noqa: F811
    """The clip was shown at a shared review with no summary; the case closed; 3 months on."""
    fam, (_source, clip, _still) = filmed
    review = s.sessions.add_session(
        fam.case.id, SessionKind.SHARED_REVIEW, date(2026, 11, 24), media_ids=[clip]
    )
    s.cases.close_case(fam.case.id, date(2026, 11, 24), "goals met")
    clock.travel(90)
    return fam, review.id


def test_the_sweep_holds_review_video_without_a_summary(
    s: Services,  # noqa: F811
    filmed: tuple[Family, list[str]],  # noqa: F811
    reviewed: tuple[Family, str],
) -> None:
    fam, review = reviewed
    _source, clip, _still = filmed[1]
    [waiting] = [d for d in s.retention.preview() if d.needs_summary]
    assert (waiting.object_id, waiting.reviews_without_summary) == (clip, (review,))
    result = s.retention.sweep()
    assert [d.object_id for d in result.needs_summary] == [clip]
    assert clip not in {d.object_id for d in result.deleted} and len(result.deleted) == 2
    assert s.media.get(clip).id == clip
    # Writing the summary lets it go at the next sweep.
    s.sessions.update_session(review, summary="Mum noticed how often she follows his lead.")
    assert [d.object_id for d in s.retention.sweep().deleted] == [clip]
    assert s.sessions.list_sessions(fam.case.id)[0].notes == ""


def test_deleting_without_a_summary_needs_a_reason_that_stays_in_the_record(
    s: Services,  # noqa: F811
    filmed: tuple[Family, list[str]],  # noqa: F811
    reviewed: tuple[Family, str],
) -> None:
    fam, review = reviewed
    clip = filmed[1][1]
    with pytest.raises(InvalidInput, match="reason"):
        s.retention.sweep(only=[clip], without_summary={clip: " "})
    result = s.retention.sweep(only=[clip], without_summary={clip: "Practitioner left"})
    assert [d.object_id for d in result.deleted] == [clip]
    [session] = s.sessions.list_sessions(fam.case.id)
    assert session.id == review
    assert "without" not in session.summary
    assert "before a written summary was recorded. Reason given: Practitioner left" in (
        session.notes
    )
    [entry] = [
        e for e in s.ctx.audit.entries() if e.action == "retention.deleted" and e.object_id == clip
    ]
    assert entry.details["without_summary"] is True
    assert entry.details["sessions"] == [review]
    assert "Practitioner" not in str(entry.details)


def test_data_minimisation_switch_sends_raw_footage_after_the_summarised_review(
    s: Services,  # noqa: F811
    filmed: tuple[Family, list[str]],  # noqa: F811
    clock: Clock,  # noqa: F811
) -> None:
    fam, (source, clip, _still) = filmed
    raw = json.loads((resources_dir() / "retention" / "policy.json").read_text("utf-8"))
    assert raw["footage_after_review_days"] is None  # off by default
    raw["footage_after_review_days"] = 7
    service = RetentionService(s.ctx, Policy.from_json(raw))
    review = s.sessions.add_session(
        fam.case.id, SessionKind.SHARED_REVIEW, date(2026, 11, 24), media_ids=[clip]
    )
    clock.travel(7)
    assert service.preview() == []  # no summary yet: the footage is the only record
    s.sessions.update_session(review.id, summary="Dad saw himself waiting for her.")
    [item] = service.preview()
    assert (item.object_id, item.rule, item.due_on) == (
        source,
        "footage_after_review",
        date(2026, 12, 1),
    )
