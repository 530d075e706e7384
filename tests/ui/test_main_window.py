"""The main window: menus, About, shortcuts, the workspace slots, change passphrase."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.conftest import PASSPHRASE, PRACTITIONER, WAIT_MS
from vigdesk import __version__
from vigdesk.core.errors import WrongPassphrase
from vigdesk.services.access import unlock_vault
from vigdesk.ui.main_window import MainWindow

NEW = "harbour pebble violin 19"


def menu_entries(window: MainWindow) -> dict[str, list[tuple[str, str]]]:
    entries = {}
    for top in window.menuBar().actions():
        menu = top.menu()
        assert menu is not None
        entries[top.text().replace("&", "")] = [
            (a.text().replace("&", ""), a.shortcut().toString())
            for a in menu.actions()
            if not a.isSeparator()
        ]
    return entries


def test_menus_and_status_bar(main_window: MainWindow) -> None:
    entries = menu_entries(main_window)
    names = list(entries)
    assert (names[0], names[1], names[-1]) == ("File", "View", "Help")  # features between
    assert entries["File"] == [
        ("Open package…", ""),
        ("Lock", "Ctrl+L"),
        ("Change passphrase…", ""),
        ("Quit", "Ctrl+Q"),
    ]
    assert entries["Help"] == [("Keyboard shortcuts", "Ctrl+/"), ("About vigdesk", "")]
    assert main_window.status.user_label.text() == PRACTITIONER
    assert main_window.status.user_label.toolTip() == "Practitioner"
    assert "Unlocked" in main_window.status.lock_label.text()
    assert "5 min" in main_window.status.lock_label.toolTip()


def test_about_names_version_location_and_licence(main_window: MainWindow) -> None:
    box = main_window.open_about()
    assert isinstance(box, QMessageBox) and box.isVisible()
    text = box.text()
    assert __version__ in text
    assert str(main_window.ctx.home) in text
    assert "GPL-3.0-or-later" in text
    box.close()


def test_shortcuts_dialog_lists_the_actions(main_window: MainWindow) -> None:
    dialog = main_window.open_shortcuts()
    assert ("Lock", "Ctrl+L") in dialog.rows()
    assert ("Quit", "Ctrl+Q") in dialog.rows()
    dialog.close()


def test_case_list_slot_replaces_the_placeholder(qtbot: QtBot) -> None:
    from vigdesk.ui.workspace import Workspace

    workspace = Workspace()
    qtbot.addWidget(workspace)
    placeholder = workspace.case_list_placeholder
    assert placeholder.title.text() == "No cases yet"
    assert workspace.case_list_slot.currentWidget() is placeholder
    real = QLabel("the case list")
    workspace.set_case_list(real)
    assert workspace.case_list_slot.currentWidget() is real
    assert workspace.case_list_slot.count() == 1
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(placeholder)


def test_change_passphrase(qtbot: QtBot, main_window: MainWindow, ui_vault_home: Path) -> None:
    dialog = main_window.open_change_passphrase()
    qtbot.keyClicks(dialog.current_edit, "wrong but long enough")
    qtbot.keyClicks(dialog.fields.new_edit, NEW)
    qtbot.keyClicks(dialog.fields.confirm_edit, NEW)
    assert dialog.change_button.isEnabled()
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=WAIT_MS)
    assert "current passphrase is not right" in dialog.message.text()

    dialog.current_edit.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.passphrase_changed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert "changed" in main_window.statusBar().currentMessage()
    reopened = unlock_vault(ui_vault_home, NEW)
    reopened.lock()
    try:
        unlock_vault(ui_vault_home, PASSPHRASE)
    except WrongPassphrase:
        pass
    else:
        raise AssertionError("the old passphrase still unlocks the vault")


def test_change_passphrase_refuses_the_same_passphrase(main_window: MainWindow) -> None:
    dialog = main_window.open_change_passphrase()
    dialog.current_edit.setText(PASSPHRASE)
    dialog.fields.new_edit.setText(PASSPHRASE)
    dialog.fields.confirm_edit.setText(PASSPHRASE)
    assert not dialog.change_button.isEnabled()
    assert dialog.problem() == "Choose a passphrase different from the current one."
    dialog.close()


def test_window_geometry_is_remembered(main_window: MainWindow) -> None:
    main_window.resize(900, 650)
    main_window.close()
    assert main_window.ctx.settings.value("main_window/geometry") is not None


def test_the_case_list_can_be_hidden_so_the_detail_gets_the_width(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    main_window.resize(1280, 640)
    workspace = main_window.workspace
    qtbot.waitUntil(lambda: workspace.pane.width() > 0, timeout=WAIT_MS)
    detail_before, list_before = workspace.detail_slot.width(), workspace.pane.width()
    toggle = main_window.menu_actions.case_list
    assert menu_entries(main_window)["View"] == [("Case list", "Ctrl+B")]
    assert toggle.isChecked()

    workspace.hide_button.click()
    qtbot.waitUntil(
        lambda: workspace.detail_slot.width() >= detail_before + list_before - 2,
        timeout=WAIT_MS,
    )
    assert not workspace.case_list_visible() and not toggle.isChecked()
    assert main_window.ctx.settings.value("main_window/case_list_shown", type=bool) is False

    toggle.trigger()  # View › Case list (Ctrl+B) brings it back at its old width
    qtbot.waitUntil(
        lambda: (
            (workspace.pane.width(), workspace.detail_slot.width()) == (list_before, detail_before)
        ),
        timeout=WAIT_MS,
    )
    assert workspace.case_list_visible() and toggle.isChecked()

    toggle.trigger()
    reopened = MainWindow(main_window.ctx)  # the next window remembers
    qtbot.addWidget(reopened)
    assert not reopened.workspace.case_list_visible()
    assert not reopened.menu_actions.case_list.isChecked()
