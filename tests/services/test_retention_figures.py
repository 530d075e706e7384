"""The BSO's site-wide retention figures, from the cases the BSO's vault holds (issue 18)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.conftest import Family, add_family
from tests.services.test_retention import Clock, clock, filmed, s  # noqa: F401  (fixtures)
from vigdesk.core.sessions import SessionKind
from vigdesk.services.session import Services


def test_figures_count_due_this_month_inactive_cases_and_missing_summaries(
    s: Services,  # noqa: F811
    filmed: tuple[Family, list[str]],  # noqa: F811
    footage: Path,
    clock: Clock,  # noqa: F811
) -> None:
    fam, (source, clip, _still) = filmed
    review = s.sessions.add_session(
        fam.case.id, SessionKind.SHARED_REVIEW, date(2026, 9, 20), media_ids=[clip, source]
    )
    s.cases.close_case(fam.case.id, date(2026, 9, 30), "goals met")  # video due 30 Nov
    idle = s.cases.add_case("JB", date(2025, 1, 8))
    s.sessions.add_session(idle.id, SessionKind.INITIAL_MEETING, date(2025, 2, 1))
    busy = add_family(s)
    s.media.import_footage(busy.case.id, footage)

    figures = s.retention.site_figures()  # today: 24 Nov 2026
    assert figures.as_of == date(2026, 11, 24)
    assert figures.cases == 3
    assert (figures.due_this_month, figures.overdue) == (3, 0)  # footage, clip, still on 30 Nov
    assert figures.inactive == 1
    assert (figures.summaries_missing, figures.waiting_items) == (1, 2)
    assert figures.on_hold == 0

    clock.travel(10)  # 4 Dec: the three are overdue, still counted this month
    s.sessions.update_session(review.id, summary="Dad noticed her turn to him.")
    s.retention.set_hold(busy.case.id, "court order")
    figures = s.retention.site_figures()
    assert (figures.due_this_month, figures.overdue) == (3, 3)
    assert (figures.summaries_missing, figures.waiting_items, figures.on_hold) == (0, 0, 1)
