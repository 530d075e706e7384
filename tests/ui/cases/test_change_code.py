"""Change code… on a case page: the dialog, the service's refusals inline, the new code shown."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from tests.ui.cases.conftest import Idle
from tests.ui.conftest import WAIT_MS
from vigdesk.ui.cases.dialogs.change_code import ChangeCodeDialog
from vigdesk.ui.cases.feature import CasesFeature
from vigdesk.ui.main_window import MainWindow


def click(button: QAbstractButton) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def test_change_a_case_code_through_the_header(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle
) -> None:
    services = main_window.ctx.services
    case = services.cases.add_case("LB", date(2026, 9, 1), code="VIG-0012")
    services.cases.add_case("TC", date(2026, 9, 2), code="VIG-0013")
    page = cases.open_case(case.id)
    assert page is not None
    idle()
    assert page.header.change_code_button.isVisible()
    click(page.header.change_code_button)
    dialog = main_window.findChild(ChangeCodeDialog)
    assert isinstance(dialog, ChangeCodeDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Change the code of case VIG-0012"
    assert dialog.code_edit.text() == "VIG-0012" and dialog.code_edit.selectedText() == "VIG-0012"

    dialog.code_edit.clear()
    click(dialog.save_button)
    assert dialog.message.kind == "error" and "Give the new case code" in dialog.message.text()

    QTest.keyClicks(dialog.code_edit, "vig-0013")
    assert dialog.code_edit.text() == "VIG-0013"  # upper case as it is typed
    click(dialog.save_button)
    qtbot.waitUntil(lambda: "already in use" in dialog.message.text(), timeout=WAIT_MS)
    assert dialog.isVisible() and services.cases.find(case.id).code == "VIG-0012"

    dialog.code_edit.setText("VIG 12")
    click(dialog.save_button)
    qtbot.waitUntil(lambda: "cannot be used" in dialog.message.text(), timeout=WAIT_MS)
    assert dialog.isVisible()

    dialog.code_edit.selectAll()
    QTest.keyClicks(dialog.code_edit, "vig-0012a")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as saved:
        click(dialog.save_button)
    assert saved.args[0].code == "VIG-0012A"
    idle()
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    assert page.header.code_label.text() == "VIG-0012A"
    codes = {c.id: c.code for c in cases.pane.model.visible_cases()}
    assert codes[case.id] == "VIG-0012A"
    changes = [
        e.details for e in main_window.ctx.vault.audit.entries() if e.action == "case.code_changed"
    ]
    assert changes == [{"old": "VIG-0012", "new": "VIG-0012A"}]
