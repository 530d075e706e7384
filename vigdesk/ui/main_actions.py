"""The main window's actions and menus (File, Help)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow


@dataclass(frozen=True)
class MainActions:
    lock: QAction
    change_passphrase: QAction
    quit: QAction
    case_list: QAction
    shortcuts: QAction
    about: QAction

    def all(self) -> list[QAction]:
        return [
            self.lock,
            self.change_passphrase,
            self.quit,
            self.case_list,
            self.shortcuts,
            self.about,
        ]


def build_menus(window: QMainWindow) -> MainActions:
    """Create the actions on `window` and put them in its menu bar; connect them after."""
    tr = QCoreApplication.translate

    def action(text: str, keys: str = "") -> QAction:
        act = QAction(tr("MainMenu", text), window)
        if keys:
            act.setShortcut(QKeySequence(keys))
        return act

    actions = MainActions(
        lock=action("&Lock", "Ctrl+L"),
        change_passphrase=action("Change &passphrase…"),
        quit=action("&Quit", "Ctrl+Q"),
        case_list=action("&Case list", "Ctrl+B"),
        shortcuts=action("&Keyboard shortcuts", "Ctrl+/"),
        about=action("&About vigdesk"),
    )
    # Lock must work from any window of the app, e.g. while a dialog has focus.
    actions.lock.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    actions.quit.setMenuRole(QAction.MenuRole.QuitRole)
    actions.case_list.setCheckable(True)
    actions.case_list.setChecked(True)
    actions.about.setMenuRole(QAction.MenuRole.AboutRole)

    bar = window.menuBar()
    file_menu = bar.addMenu(tr("MainMenu", "&File"))
    from vigdesk.ui.viewer import open_package_action

    file_menu.addAction(open_package_action(window))
    file_menu.addSeparator()
    file_menu.addAction(actions.lock)
    file_menu.addAction(actions.change_passphrase)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)
    view_menu = bar.addMenu(tr("MainMenu", "&View"))
    view_menu.addAction(actions.case_list)
    help_menu = bar.addMenu(tr("MainMenu", "&Help"))
    help_menu.addAction(actions.shortcuts)
    help_menu.addSeparator()
    help_menu.addAction(actions.about)
    return actions
