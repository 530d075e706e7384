"""The dashboard lists an open case gone quiet, and records why it stays open."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.records.conftest import ClosedCase, WindowFactory, feature_of
from vigdesk.core.sessions import SessionKind
from vigdesk.services.session import Services


def test_an_inactive_case_is_listed_until_a_reason_is_recorded(
    qtbot: QtBot, make_window: WindowFactory, services: Services
) -> None:
    case = services.cases.add_case("JB", date(2024, 1, 8))
    services.sessions.add_session(case.id, SessionKind.INITIAL_MEETING, date(2024, 2, 1))
    window = make_window()
    feature = feature_of(window)
    qtbot.waitUntil(lambda: not feature.checking, timeout=WAIT_MS)
    dashboard = feature.open_dashboard()
    qtbot.waitUntil(lambda: dashboard.snapshot is not None, timeout=WAIT_MS)
    assert dashboard.inactive_card.isVisible()
    assert dashboard.inactive_table.cell_texts() == [
        [
            case.code,
            "1 Feb 2024",
            "1 Oct 2024",
            "Inactive: close the case or record why it stays open",
        ]
    ]
    assert not dashboard.keep_open_button.isEnabled()  # choose the case first
    dashboard.inactive_table.cellClicked.emit(0, 0)
    assert dashboard.case_bar.case_id() == case.id
    assert dashboard.keep_open_button.isEnabled()
    dialog = dashboard.keep_open()
    assert dialog is not None
    assert not dialog.record_button.isEnabled()
    dialog.reason_edit.setPlainText("Waiting for the family court's decision")
    with qtbot.waitSignal(dialog.kept_open, timeout=WAIT_MS):
        dialog.record_button.click()
    qtbot.waitUntil(lambda: not dashboard.inactive_card.isVisible(), timeout=WAIT_MS)
    assert any(e.action == "retention.kept_open" for e in services.ctx.audit.entries())


def test_a_chosen_case_shows_why_each_item_is_kept(
    qtbot: QtBot, make_window: WindowFactory, services: Services, closed_case: ClosedCase
) -> None:
    window = make_window()
    feature = feature_of(window)
    qtbot.waitUntil(lambda: feature.preview_dialog is not None, timeout=WAIT_MS)
    assert feature.preview_dialog is not None
    feature.preview_dialog.reject()
    dashboard = feature.open_dashboard(closed_case.family.case.id)
    qtbot.waitUntil(lambda: dashboard.snapshot is not None, timeout=WAIT_MS)
    assert dashboard.due_heading.text() == "Why each item is kept, and until when"
    rows = dashboard.due_table.cell_texts()
    assert [r[1] for r in rows] == ["Clip", "Footage", "Whole case record"]
    assert all(r[3] == "case closed 02 Sep 2026 + 2 months" for r in rows[:2])
    assert rows[2][2:] == [
        "2 Mar 2049",
        "case closed and the youngest child turned 25",
        "Kept until then",
    ]
    dashboard.case_bar.select("")
    assert dashboard.due_heading.text() == "Due for deletion"


def test_the_dashboard_asks_for_a_missing_date_of_birth(
    qtbot: QtBot, make_window: WindowFactory, services: Services
) -> None:
    case = services.cases.add_case("JB", date(2026, 9, 1))
    window = make_window()
    feature = feature_of(window)
    qtbot.waitUntil(lambda: not feature.checking, timeout=WAIT_MS)
    dashboard = feature.open_dashboard()
    qtbot.waitUntil(lambda: dashboard.snapshot is not None, timeout=WAIT_MS)
    assert dashboard.birth_label.isVisible()
    assert dashboard.birth_label.text().startswith(f"No child's date of birth in {case.code}")
    assert services.retention.dashboard().no_birth_date == [case.code]
