"""Outcome series for charts and the anonymous service summary, hand-computed."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import CHILD, MOTHER, Family
from vigdesk.core.cases import Case, CaseStatus, PersonKind
from vigdesk.core.questionnaires import Timepoint
from vigdesk.core.sessions import SessionKind
from vigdesk.services.outcomes import Change, RatingPoint, ScorePoint, StatusCount
from vigdesk.services.session import Services

DEMO = "parent-confidence-demo"
GBO = "goal-based-outcomes"
QUESTION = "How can I help my child feel safe when we are apart?"
OTHER_PARENT = "Rowena Thistlethwaite"
# calm 11, connection 9.3 (prorated), total 20.6 (prorated) — see the instruments README
BASELINE = {"calm1": 3, "calm2": 2, "calm3": 0, "calm4": 3, "link1": 2, "link2": 3, "link3": 1}
# calm 2+2+(3-1)+2 = 8; connection 1 of 4 answered -> none; total 5 of 8 -> none
MID = {"calm1": 2, "calm2": 2, "calm3": 1, "calm4": 2, "link1": 3}
# calm 12, connection 12, total 24
END = {f"calm{n}": 3 for n in (1, 2, 4)} | {f"link{n}": 3 for n in (1, 2, 4)}
END |= {"calm3": 0, "link3": 0}


@pytest.fixture
def outcomes(services: Services, family: Family) -> tuple[Family, Case]:
    """Family A (the fixture, closed) and family B (active), with hand-chosen results."""
    a = family
    s = services
    q1 = s.helping.add_question(a.case.id, QUESTION, agreed_on=date(2026, 9, 3))
    q2 = s.helping.add_question(a.case.id, "Another question", agreed_on=date(2026, 9, 3))
    review = s.sessions.add_session(a.case.id, SessionKind.SHARED_REVIEW, date(2026, 10, 8))
    final = s.sessions.add_session(a.case.id, SessionKind.FINAL_REVIEW, date(2026, 11, 1))
    s.helping.rate(q1.id, a.mother.id, 2, rated_on=date(2026, 9, 3))
    s.helping.rate(q1.id, a.mother.id, 7, session_id=final.id)  # recorded out of order
    s.helping.rate(q1.id, a.mother.id, 5, session_id=review.id)
    s.helping.rate(q2.id, a.mother.id, 3, rated_on=date(2026, 9, 3))  # no follow-up: no pair
    for timepoint, answers, on in (
        (Timepoint.END, END, date(2026, 11, 1)),
        (Timepoint.BASELINE, BASELINE, date(2026, 9, 5)),
        (Timepoint.MID, MID, date(2026, 10, 8)),
    ):
        s.questionnaires.record(a.case.id, DEMO, a.mother.id, timepoint, answers, completed_on=on)
    s.cases.activate(a.case.id)
    s.cases.close_case(a.case.id, date(2026, 11, 10), "goals met")

    b = s.cases.add_case("RT", date(2026, 9, 15))
    parent = s.cases.add_person(b.id, PersonKind.ADULT, OTHER_PARENT)
    s.cases.activate(b.id)
    qb = s.helping.add_question(b.id, "Bedtime without tears", agreed_on=date(2026, 9, 16))
    s.helping.rate(qb.id, parent.id, 4)
    visit = s.sessions.add_session(b.id, SessionKind.SHARED_REVIEW, date(2026, 10, 20))
    s.helping.rate(qb.id, parent.id, 6, session_id=visit.id)
    s.questionnaires.record(b.id, GBO, parent.id, Timepoint.BASELINE, {"goal1": 2, "goal2": 4})
    s.questionnaires.record(b.id, GBO, parent.id, Timepoint.END, {"goal1": 6, "goal2": 8})
    s.questionnaires.record(b.id, DEMO, parent.id, Timepoint.BASELINE, BASELINE)  # no end
    return a, b


def test_family_series_for_charts(services: Services, outcomes: tuple[Family, Case]) -> None:
    a, _ = outcomes
    got = services.outcomes.family(a.case.id)
    first, second = got.helping
    assert (first.text, first.rated_by) == (QUESTION, a.mother.id)
    assert [(p.on, p.score, p.session_id is None) for p in first.points] == [
        (date(2026, 9, 3), 2, True),
        (date(2026, 10, 8), 5, False),
        (date(2026, 11, 1), 7, False),
    ]
    assert second.points == (RatingPoint(date(2026, 9, 3), 3, None),)
    series = {x.scale: x for x in got.scores}
    assert set(series) == {"calm", "connection", "total"}
    assert all((x.instrument_id, x.instrument_version) == (DEMO, "0.1") for x in got.scores)
    assert series["calm"].points == (
        ScorePoint(Timepoint.BASELINE, date(2026, 9, 5), 11.0, "high (demo)", False),
        ScorePoint(Timepoint.MID, date(2026, 10, 8), 8.0, "middle (demo)", False),
        ScorePoint(Timepoint.END, date(2026, 11, 1), 12.0, "high (demo)", False),
    )
    assert [p.value for p in series["connection"].points] == [9.3, None, 12.0]
    assert [p.value for p in series["total"].points] == [20.6, None, 24.0]
    entry = list(services.ctx.audit.entries())[-1]
    assert (entry.action, entry.object_id, entry.details) == (
        "outcomes.read",
        a.case.id,
        {"helping": 2, "scores": 3},
    )


def test_service_summary_and_csv_are_anonymous(
    services: Services, outcomes: tuple[Family, Case]
) -> None:
    a, b = outcomes
    summary = services.outcomes.summary()
    assert summary.cases == 2 and summary.with_baseline_and_end == 2
    assert summary.by_status == (
        StatusCount(CaseStatus.REFERRED, 0),
        StatusCount(CaseStatus.ACTIVE, 1),
        StatusCount(CaseStatus.CLOSED, 1),
    )
    assert summary.changes == (
        Change(GBO, "1.0", "total", 1, 1, 3.0, 7.0, 4.0),
        # (2 -> 7) and (4 -> 6): the latest session rating is the end
        Change("helping-questions", "", "rating", 2, 2, 3.0, 6.5, 3.5),
        Change(DEMO, "0.1", "calm", 1, 1, 11.0, 12.0, 1.0),
        Change(DEMO, "0.1", "connection", 1, 1, 9.3, 12.0, 2.7),
        Change(DEMO, "0.1", "total", 1, 1, 20.6, 24.0, 3.4),
    )
    text = services.outcomes.summary_csv()
    assert text == (
        "section,measure,version,scale,cases,pairs,mean_baseline,mean_end,mean_change\n"
        "cases,all,,,2,,,,\n"
        "cases,referred,,,0,,,,\n"
        "cases,active,,,1,,,,\n"
        "cases,closed,,,1,,,,\n"
        "cases,with_baseline_and_end,,,2,,,,\n"
        "change,goal-based-outcomes,1.0,total,1,1,3.0,7.0,4.0\n"
        "change,helping-questions,,rating,2,2,3.0,6.5,3.5\n"
        "change,parent-confidence-demo,0.1,calm,1,1,11.0,12.0,1.0\n"
        "change,parent-confidence-demo,0.1,connection,1,1,9.3,12.0,2.7\n"
        "change,parent-confidence-demo,0.1,total,1,1,20.6,24.0,3.4\n"
    )
    people = [p for c in (a.case, b) for p in services.cases.people(c.id)]
    forbidden = [MOTHER, CHILD, OTHER_PARENT, QUESTION, "Bedtime"]
    forbidden += [c.initials for c in (a.case, b)] + [c.code for c in (a.case, b)]
    forbidden += [c.id for c in (a.case, b)] + [p.id for p in people] + [p.initials for p in people]
    for word in forbidden:
        assert word not in text
    exported, summarised = list(services.ctx.audit.entries())[:-3:-1]
    assert (summarised.action, summarised.details) == ("outcomes.summary", {"cases": 2})
    assert (exported.action, exported.details) == (
        "outcomes.exported",
        {"cases": 2, "measures": 5},
    )
    for entry in services.ctx.audit.entries():
        for word in (MOTHER, CHILD, OTHER_PARENT, QUESTION, "Bedtime", "goals met"):
            assert word not in str(entry.details)
