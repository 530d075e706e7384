"""The outcome charts and the anonymous service summary with its CSV export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCharts import QLineSeries
from pytestqt.qtbot import QtBot

from tests.conftest import CHILD, MOTHER, add_family
from tests.ui.cases.conftest import Idle
from tests.ui.conftest import WAIT_MS
from vigdesk.core.questionnaires import Timepoint
from vigdesk.core.sessions import SessionKind
from vigdesk.ui.cases.feature import CasesFeature
from vigdesk.ui.main_window import MainWindow


def test_the_chart_draws_a_family_s_ratings_and_scores(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle
) -> None:
    s = main_window.ctx.services
    family = add_family(s)
    case, mother = family.case, family.mother
    review = s.sessions.add_session(
        case.id, SessionKind.SHARED_REVIEW, date(2026, 10, 20), summary="Two good moments."
    )
    first = s.helping.add_question(case.id, "How can we play calmly?", agreed_on=date(2026, 9, 15))
    second = s.helping.add_question(case.id, "How do I read her cues?", agreed_on=date(2026, 9, 15))
    for question, scores in ((first, (3, 6)), (second, (2, 5))):
        s.helping.rate(question.id, mother.id, scores[0], rated_on=date(2026, 9, 15))
        s.helping.rate(question.id, mother.id, scores[1], session_id=review.id)
    goals = "goal-based-outcomes"
    s.questionnaires.record(
        case.id, goals, mother.id, Timepoint.BASELINE, {"goal1": 2}, completed_on=date(2026, 9, 15)
    )
    s.questionnaires.record(
        case.id, goals, mother.id, Timepoint.MID, {"goal1": 6}, completed_on=date(2026, 10, 20)
    )
    page = cases.open_case(case.id)
    idle()
    assert page is not None
    page.tabs.setCurrentWidget(page.outcomes_tab)
    chart = page.outcomes.helping_chart
    series = [x for x in chart.series() if isinstance(x, QLineSeries)]
    assert sorted(x.name() for x in series) == sorted([first.text, second.text])
    by_name = {x.name(): [p.y() for p in x.points()] for x in series}
    assert by_name[first.text] == [3.0, 6.0] and by_name[second.text] == [2.0, 5.0]
    assert len(chart.axes()) == 2
    scores = [x for x in page.outcomes.scores_chart.series() if isinstance(x, QLineSeries)]
    assert [x.name() for x in scores] == ["Total"]
    assert [(p.x(), p.y()) for p in scores[0].points()] == [(0.0, 2.0), (1.0, 6.0)]
    assert page.outcomes.instrument_combo.currentData() == goals
    assert page.outcomes.helping_stack.currentIndex() == 0


def test_a_family_without_ratings_gets_an_empty_chart_message(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle
) -> None:
    family = add_family(main_window.ctx.services)
    page = cases.open_case(family.case.id)
    idle()
    assert page is not None
    assert page.outcomes.helping_chart.series() == []
    assert page.outcomes.helping_stack.currentIndex() == 1
    assert page.outcomes.scores_stack.currentIndex() == 1


def test_service_summary_counts_and_exports_a_csv_without_names(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle, tmp_path: Path
) -> None:
    s = main_window.ctx.services
    family = add_family(s)
    s.cases.activate(family.case.id)
    s.cases.add_case("ZQ", date(2026, 11, 1))
    dialog = cases.open_service_summary()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=WAIT_MS)
    assert dialog.summary is not None and dialog.summary.cases == 2
    values = {label.objectName(): label.text() for label in dialog.findChildren(type(dialog.note))}
    assert values["stat-Families"] == "2"
    assert values["stat-Active"] == "1" and values["stat-Referred"] == "1"
    target = tmp_path / "outcomes.csv"
    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS):
        dialog.export_to(target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("section,measure,")
    for secret in (*MOTHER.split(), *CHILD.split(), family.case.code, "MW"):
        assert secret not in text
    assert "Saved to" in dialog.message.text()
    dialog.close()
