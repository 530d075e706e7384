"""The dashboard lists an open case gone quiet, and records why it stays open."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.records.conftest import WindowFactory, feature_of
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
