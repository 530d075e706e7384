"""A family's initials are letters: "J5" is refused with a reason (issue 15)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from tests.ui.cases.conftest import Idle
from tests.ui.conftest import WAIT_MS
from vigdesk.ui.cases.feature import CasesFeature
from vigdesk.ui.main_window import MainWindow


def test_initials_with_a_digit_are_refused(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle
) -> None:
    dialog = cases.open_new_case()
    qtbot.keyClicks(dialog.initials_edit, "J5")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    idle()
    assert dialog.message.kind == "error"
    assert "letters" in dialog.message.text()
    assert dialog.isVisible() and dialog.focusWidget() is dialog.initials_edit
    assert main_window.ctx.services.cases.list_cases() == []

    dialog.initials_edit.clear()
    dialog.initials_edit.insert("jö")  # letters in any alphabet are fine (QTest types ASCII)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(main_window.ctx.services.cases.list_cases()), timeout=WAIT_MS)
    assert [c.initials for c in main_window.ctx.services.cases.list_cases()] == ["JÖ"]


def test_the_error_line_does_not_squeeze_the_fields(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle, styled: None
) -> None:
    """The dialog grows for its error line: the initials' hint stays under the field (it
    was drawn over it)."""
    dialog = cases.open_new_case()
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    qtbot.keyClicks(dialog.initials_edit, "J5")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    idle()
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=WAIT_MS)
    QApplication.processEvents()
    hint = next(w for w in dialog.findChildren(QLabel) if w.text().startswith("Letters only"))
    edit = dialog.initials_edit
    edit_bottom = edit.mapTo(dialog, QPoint(0, edit.height())).y()
    assert hint.mapTo(dialog, QPoint(0, 0)).y() >= edit_bottom
    for widget in (edit, hint, dialog.message, dialog.save_button):
        assert widget.height() >= widget.minimumSizeHint().height(), widget
