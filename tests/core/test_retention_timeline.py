"""A case's retention timeline: anchors and due dates from the sweep's own schedule."""

from __future__ import annotations

from datetime import date

from tests.core.test_retention_rules import open_case, policy
from vigdesk.core.retention import MediaFacts
from vigdesk.core.retention_timeline import Event, Milestone, timeline


def test_an_open_idle_case_shows_its_inactivity_anchor_and_when_its_video_goes() -> None:
    line = timeline(open_case(), policy())
    assert [(m.on, m.event) for m in line] == [
        (date(2025, 12, 1), Event.REFERRED),
        (date(2026, 2, 3), Event.LAST_SESSION),
        (date(2026, 8, 3), Event.INACTIVE),
        (date(2026, 10, 3), Event.DUE),
    ]
    assert line[-1] == Milestone(
        date(2026, 10, 3),
        Event.DUE,
        "case_inactive",
        (("footage", 1), ("clip", 1), ("still", 1)),
        reason="no session since 03 Feb 2026: inactive from 03 Aug 2026 + 2 months",
    )


def test_a_closed_case_shows_its_closure_the_video_and_the_record() -> None:
    case = open_case(
        closed_on=date(2026, 3, 1),
        on_hold=True,
        media=(MediaFacts("f1", "footage", date(2026, 1, 10), None, ("r1",)),),
    )
    line = timeline(case, policy())
    assert [m.event for m in line] == [
        Event.REFERRED,
        Event.LAST_SESSION,
        Event.CLOSED,
        Event.DUE,
        Event.DUE,
    ]
    video, record = line[-2:]
    assert (video.on, video.rule, video.kinds, video.held, video.waiting) == (
        date(2026, 5, 1), "footage", (("footage", 1),), True, 1
    )  # fmt: skip
    assert (record.on, record.rule) == (date(2049, 5, 1), "case_record")  # the child is 25


def test_training_consent_and_its_end_are_anchors() -> None:
    case = open_case(
        training_given_on=date(2026, 1, 5),
        training_ends_on=date(2026, 4, 1),
        media=(MediaFacts("k1", "clip", date(2026, 1, 12), "f1", training=True),),
    )
    line = timeline(case, policy())
    assert (date(2026, 1, 5), Event.TRAINING_GIVEN) in [(m.on, m.event) for m in line]
    [due] = [m for m in line if m.event is Event.DUE]
    assert (due.on, due.rule) == (date(2026, 4, 1), "training")
