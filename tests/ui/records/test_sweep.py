"""The sweep at unlock: the preview lists exactly what is due; Not now keeps it; Delete now
shreds it in the background; a legal hold placed in the dashboard suspends deletion."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import CHILD, MOTHER, add_family
from tests.ui.conftest import WAIT_MS, visible_texts
from tests.ui.records.conftest import CLOSED_ON, ClosedCase, WindowFactory, feature_of
from vigdesk.core.consent import Purpose
from vigdesk.services.session import Services
from vigdesk.ui.records.labels import day, kind_label
from vigdesk.ui.records.sweep_dialog import SweepPreviewDialog


def wait_for_preview(qtbot: QtBot, window: object) -> SweepPreviewDialog:
    feature = feature_of(window)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: feature.preview_dialog is not None, timeout=WAIT_MS)
    dialog = feature.preview_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_unlock_preview_lists_exactly_the_due_items(
    qtbot: QtBot, make_window: WindowFactory, services: Services, closed_case: ClosedCase
) -> None:
    window = make_window()
    dialog = wait_for_preview(qtbot, window)
    assert dialog.parent() is window and dialog.isModal()
    due = services.retention.preview()
    assert sorted(d.object_id for d in due) == sorted(closed_case.media_ids)
    code = closed_case.family.case.code
    expected = [[code, kind_label(d.kind), day(d.due_on), d.reason] for d in due]
    assert dialog.todo_table.cell_texts() == expected
    assert all(f"{CLOSED_ON:%b %Y}" in row[3] for row in expected)
    assert dialog.todo_heading.text() == "To delete (2)"
    assert not dialog.held_table.isVisible()
    shown = visible_texts()
    assert MOTHER not in shown and CHILD not in shown
    assert "MW" not in [row[0] for row in expected]  # codes, not initials


def test_not_now_deletes_nothing_and_leaves_a_reminder(
    qtbot: QtBot, make_window: WindowFactory, services: Services, closed_case: ClosedCase
) -> None:
    window = make_window()
    dialog = wait_for_preview(qtbot, window)
    qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    case_id = closed_case.family.case.id
    assert sorted(m.id for m in services.media.list_media(case_id)) == sorted(closed_case.media_ids)
    assert all(path.exists() for path in closed_case.blob_paths)
    feature = feature_of(window)
    assert feature.reminder.text() == "2 deletions overdue"
    assert feature.reminder.isVisible()
    qtbot.mouseClick(feature.reminder, Qt.MouseButton.LeftButton)
    dashboard = feature.open_dashboard()
    qtbot.waitUntil(lambda: dashboard.snapshot is not None, timeout=WAIT_MS)
    assert dashboard.overdue_tile.value == 2


def test_enter_never_deletes(
    qtbot: QtBot, make_window: WindowFactory, services: Services, closed_case: ClosedCase
) -> None:
    window = make_window()
    dialog = wait_for_preview(qtbot, window)
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # e.g. a second Enter after the passphrase
    assert not dialog.isVisible()
    case_id = closed_case.family.case.id
    assert sorted(m.id for m in services.media.list_media(case_id)) == sorted(closed_case.media_ids)


def test_delete_now_shreds_in_the_background(
    qtbot: QtBot, make_window: WindowFactory, services: Services, closed_case: ClosedCase
) -> None:
    window = make_window()
    dialog = wait_for_preview(qtbot, window)
    with qtbot.waitSignal(dialog.swept, timeout=WAIT_MS) as swept:
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
        # The click returned at once: the sweep runs in a task, the dialog shows progress.
        assert dialog.sweeping and dialog.busy.isVisible()
        assert not dialog.delete_button.isEnabled() and not dialog.later_button.isEnabled()
        dialog.reject()  # closing is refused while it deletes
        assert dialog.isVisible()
    result = swept.args[0]
    assert sorted(d.object_id for d in result.deleted) == sorted(closed_case.media_ids)
    assert dialog.message.kind == "notice"
    assert dialog.message.text() == "Deleted 2 items."
    assert dialog.close_button.isVisible() and not dialog.delete_button.isVisible()
    assert services.media.list_media(closed_case.family.case.id) == []
    assert not any(path.exists() for path in closed_case.blob_paths)
    feature = feature_of(window)
    qtbot.waitUntil(lambda: not feature.reminder.isVisible(), timeout=WAIT_MS)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_a_hold_placed_in_the_dashboard_suspends_deletion(
    qtbot: QtBot,
    make_window: WindowFactory,
    services: Services,
    closed_case: ClosedCase,
    footage: Path,
) -> None:
    other = add_family(services, consent=(Purpose.FILM, Purpose.KEEP))
    other_media = services.media.import_footage(other.case.id, footage).item
    services.cases.close_case(other.case.id, CLOSED_ON, "moved away")
    held_case = closed_case.family.case

    window = make_window()
    wait_for_preview(qtbot, window).reject()
    window.ctx.events.records_requested.emit(held_case.id)
    dashboard = feature_of(window).open_dashboard()
    qtbot.waitUntil(lambda: dashboard.snapshot is not None, timeout=WAIT_MS)
    assert dashboard.case_bar.case_id() == held_case.id
    assert dashboard.overdue_tile.value == 2
    hold = dashboard.place_hold()
    assert hold is not None
    assert not hold.place_button.isEnabled()  # a reason is required
    qtbot.keyClicks(hold.reason_edit, "Court order FD26P00412")
    with qtbot.waitSignal(hold.hold_placed, timeout=WAIT_MS):
        qtbot.mouseClick(hold.place_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dashboard.holds_tile.value == 1, timeout=WAIT_MS)
    reason, by = dashboard.holds_table.cell_texts()[0][1:3]
    assert reason == "Court order FD26P00412" and by.startswith("You (")
    assert dashboard.case_bar.release_button.isEnabled()
    assert not dashboard.case_bar.hold_button.isEnabled()

    dashboard.sweep_now()
    qtbot.waitUntil(lambda: dashboard.preview_dialog is not None, timeout=WAIT_MS)
    preview = dashboard.preview_dialog
    assert preview is not None
    assert [row[0] for row in preview.todo_table.cell_texts()] == [other.case.code]
    assert preview.held_table.isVisible()
    assert {row[0] for row in preview.held_table.cell_texts()} == {held_case.code}
    with qtbot.waitSignal(preview.swept, timeout=WAIT_MS):
        qtbot.mouseClick(preview.delete_button, Qt.MouseButton.LeftButton)
    assert preview.message.text() == "Deleted 1 item. 2 items on legal hold kept."
    assert sorted(m.id for m in services.media.list_media(held_case.id)) == sorted(
        closed_case.media_ids
    )
    assert all(path.exists() for path in closed_case.blob_paths)
    assert services.media.list_media(other.case.id) == []
    assert other_media.id not in {d.object_id for d in services.retention.preview()}


def test_the_daily_check_asks_again(
    qtbot: QtBot, make_window: WindowFactory, closed_case: ClosedCase
) -> None:
    window = make_window()
    first = wait_for_preview(qtbot, window)
    first.reject()
    feature = feature_of(window)
    assert feature.timer.isActive() and feature.timer.interval() == 24 * 60 * 60 * 1000
    feature.set_check_interval(30)
    second = wait_for_preview(qtbot, window)
    assert second is not first
    feature.timer.stop()


def test_nothing_due_means_no_preview(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    feature = feature_of(window)
    qtbot.waitUntil(lambda: not feature.checking, timeout=WAIT_MS)
    assert feature.preview_dialog is None
    assert not feature.reminder.isVisible()


def test_locking_closes_the_screens_and_stops_the_checks(
    qtbot: QtBot, make_window: WindowFactory, closed_case: ClosedCase
) -> None:
    window = make_window()
    preview = wait_for_preview(qtbot, window)
    feature = feature_of(window)
    dashboard = feature.open_dashboard()
    qtbot.waitUntil(lambda: dashboard.snapshot is not None, timeout=WAIT_MS)
    window.ctx.events.vault_locked.emit()
    assert not preview.isVisible() and not dashboard.isVisible()
    assert dashboard.snapshot is None
    assert not feature.timer.isActive() and feature.overdue == []
