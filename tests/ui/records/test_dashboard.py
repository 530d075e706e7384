"""The retention dashboard: its figures are the service's, it follows data changes,
releases holds after a confirmation, and shows codes and initials only."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import CHILD, MOTHER
from tests.ui.conftest import WAIT_MS, visible_texts
from tests.ui.records.conftest import ClosedCase, WindowFactory, feature_of
from vigdesk.core.changes import Changed
from vigdesk.services.retention import default_policy
from vigdesk.services.session import Services
from vigdesk.ui.records.dashboard import RetentionDashboard


def open_from_menu(qtbot: QtBot, window: object) -> RetentionDashboard:
    feature = feature_of(window)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: feature.preview_dialog is not None, timeout=WAIT_MS)
    assert feature.preview_dialog is not None
    feature.preview_dialog.reject()
    feature.retention_action.trigger()
    dashboard = feature.open_dashboard()
    qtbot.waitUntil(lambda: dashboard.snapshot is not None, timeout=WAIT_MS)
    return dashboard


def test_counts_match_the_service(
    qtbot: QtBot, make_window: WindowFactory, services: Services, closed_case: ClosedCase
) -> None:
    window = make_window()
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert "Records" in menus
    dashboard = open_from_menu(qtbot, window)
    board = services.retention.dashboard()
    tiles = (
        dashboard.overdue_tile,
        dashboard.week_tile,
        dashboard.month_tile,
        dashboard.holds_tile,
    )
    expected = (board.overdue, board.due_this_week, board.due_this_month, board.holds)
    assert [t.value for t in tiles] == [len(x) for x in expected] == [2, 0, 0, 0]
    assert [row[4] for row in dashboard.due_table.cell_texts()] == ["Overdue", "Overdue"]
    assert dashboard.last_run_label.text() == (
        "No sweep has run on this laptop yet.\nSchedule: this laptop's default policy"
        f" (version {default_policy().version})."
    )
    assert not dashboard.holds_table.isVisible() and dashboard.holds_empty.isVisible()
    # Case codes and initials only, until a person-level dialog is opened.
    code = closed_case.family.case.code
    assert dashboard.case_bar.combo.itemText(1) == f"{code} · MW · closed"
    shown = visible_texts()
    assert MOTHER not in shown and CHILD not in shown
    assert not dashboard.case_bar.sar_button.isEnabled()  # no case chosen yet

    # Another screen changes data: the dashboard follows.
    services.retention.set_hold(closed_case.family.case.id, "complaint")
    window.ctx.events.announce_changes({Changed.RETENTION})
    qtbot.waitUntil(lambda: dashboard.holds_tile.value == 1, timeout=WAIT_MS)
    board = services.retention.dashboard()
    assert dashboard.overdue_tile.value == len(board.overdue) == 0
    assert dashboard.holds_table.cell_texts()[0][:2] == [code, "complaint"]
    assert dashboard.due_empty.isVisible()


def test_release_hold_after_confirmation(
    qtbot: QtBot, make_window: WindowFactory, services: Services, closed_case: ClosedCase
) -> None:
    case_id = closed_case.family.case.id
    services.retention.set_hold(case_id, "court order")
    window = make_window()
    feature = feature_of(window)
    qtbot.waitUntil(lambda: not feature.checking, timeout=WAIT_MS)
    assert feature.preview_dialog is None  # everything due is held
    dashboard = feature.open_dashboard(case_id)
    qtbot.waitUntil(lambda: dashboard.snapshot is not None, timeout=WAIT_MS)
    assert dashboard.case_bar.case_id() == case_id
    assert dashboard.case_bar.hint.text() == "This case is on legal hold: nothing in it is deleted."
    box = dashboard.release_hold()
    assert isinstance(box, QMessageBox) and box.isVisible()
    release = next(b for b in box.buttons() if b.text() == "Release hold")
    release.click()
    qtbot.waitUntil(lambda: dashboard.holds_tile.value == 0, timeout=WAIT_MS)
    assert services.retention.holds() == []
    assert dashboard.overdue_tile.value == 2
    assert dashboard.message.text() == "The legal hold is released."
    # ...and the unlock-time question comes back with the next check.
    feature.check_due(prompt=True)
    qtbot.waitUntil(lambda: feature.preview_dialog is not None, timeout=WAIT_MS)
