"""An open case nobody closes: inactive after the policy's months, video due 2 after."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Family, add_family
from tests.services.test_retention import Clock, clock, s  # noqa: F401  (fixtures)
from vigdesk.core.errors import InvalidInput
from vigdesk.core.sessions import SessionKind
from vigdesk.services.session import Services


@pytest.fixture
def idle(s: Services, footage: Path, clock: Clock) -> tuple[Family, list[str]]:  # noqa: F811
    """Filmed 24 Nov 2026 at a filming session; nothing since."""
    fam = add_family(s)
    source = s.media.import_footage(fam.case.id, footage).item
    clip = s.media.make_clip(source.id, 1.0, 2.0)
    s.sessions.add_session(fam.case.id, SessionKind.FILMING, date(2026, 11, 24))
    return fam, [source.id, clip.id]


def test_an_idle_open_case_is_listed_then_its_video_is_swept(
    s: Services,  # noqa: F811
    idle: tuple[Family, list[str]],
    clock: Clock,  # noqa: F811
) -> None:
    fam, media_ids = idle
    clock.travel(181)  # 24 May 2027: six months without a session
    [listed] = s.retention.dashboard().inactive
    assert listed.case_code == fam.case.code
    assert (listed.inactive_from, listed.video_due_on) == (date(2027, 5, 24), date(2027, 7, 24))
    assert s.retention.preview() == []
    clock.travel(61)  # 24 Jul 2027
    result = s.retention.sweep()
    assert sorted(d.object_id for d in result.deleted) == sorted(media_ids)
    assert {d.rule for d in result.deleted} == {"case_inactive"}
    assert s.media.list_media(fam.case.id) == []


def test_a_session_restarts_the_inactivity_clock(
    s: Services,  # noqa: F811
    idle: tuple[Family, list[str]],
    clock: Clock,  # noqa: F811
) -> None:
    fam, _ = idle
    clock.travel(150)
    s.sessions.add_session(fam.case.id, SessionKind.SHARED_REVIEW, date(2027, 4, 20))
    clock.travel(92)  # 24 Jul 2027
    assert s.retention.dashboard().inactive == []
    assert s.retention.preview() == []


def test_a_reason_to_stay_open_is_audited_and_asked_again_after_n_months(
    s: Services,  # noqa: F811
    idle: tuple[Family, list[str]],
    clock: Clock,  # noqa: F811
) -> None:
    fam, _ = idle
    clock.travel(190)  # 2 Jun 2027
    with pytest.raises(InvalidInput):
        s.retention.record_why_open(fam.case.id, "  ")
    again = s.retention.record_why_open(fam.case.id, "Family in hospital; resuming in autumn")
    assert again == date(2027, 12, 2)
    assert s.retention.dashboard().inactive == []
    entry = [e for e in s.ctx.audit.entries() if e.action == "retention.kept_open"][-1]
    assert entry.object_id == fam.case.id
    assert "hospital" not in str(entry.details)
    clock.travel(183)  # 2 Dec 2027
    assert [i.case_code for i in s.retention.dashboard().inactive] == [fam.case.code]


def test_the_schedule_says_why_every_item_is_kept_and_until_when(
    s: Services,  # noqa: F811
    idle: tuple[Family, list[str]],
) -> None:
    _fam, media_ids = idle
    plan = s.retention.schedule()
    assert sorted(d.object_id for d in plan) == sorted(media_ids)
    assert {d.due_on for d in plan} == {date(2027, 7, 24)}
    assert {d.reason for d in plan} == {
        "no session since 24 Nov 2026: inactive from 24 May 2027 + 2 months"
    }
    assert s.retention.dashboard().schedule == plan
