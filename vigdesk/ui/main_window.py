"""The main window. It only composes: menus, the workspace slots and the status bar."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from vigdesk.ui.context import MainContext
from vigdesk.ui.dialogs.about import open_about
from vigdesk.ui.dialogs.change_passphrase import ChangePassphraseDialog
from vigdesk.ui.dialogs.shortcuts import (
    ShortcutsDialog,
    action_rows,
    menu_actions,
    player_rows,
)
from vigdesk.ui.main_actions import build_menus
from vigdesk.ui.status import StatusArea
from vigdesk.ui.workspace import Workspace

GEOMETRY_KEY = "main_window/geometry"
CASE_LIST_KEY = "main_window/case_list_shown"


class MainWindow(QMainWindow):
    """Emits `lock_requested`, `quit_requested`, and `closed` when the window closes.

    Every dialog it opens is its child, so closing it (at lock) takes them along.
    Screens plug into `workspace.set_case_list(...)` / `workspace.set_detail(...)`.
    """

    lock_requested = Signal()
    quit_requested = Signal()
    closed = Signal()

    def __init__(self, ctx: MainContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        title = self.tr("vigdesk (demo)") if ctx.demo else "vigdesk"
        self.setWindowTitle(title)
        self.resize(1100, 720)
        self.menu_actions = build_menus(self)
        self.workspace = Workspace()
        self.setCentralWidget(self.workspace)
        self.status = StatusArea(self.statusBar(), ctx.profile, ctx.idle_ms, ctx.demo)

        self.menu_actions.lock.triggered.connect(self.lock_requested)
        self.menu_actions.quit.triggered.connect(self.quit_requested)
        self.menu_actions.change_passphrase.triggered.connect(self.open_change_passphrase)
        self.menu_actions.shortcuts.triggered.connect(self.open_shortcuts)
        self.menu_actions.about.triggered.connect(self.open_about)
        self.menu_actions.case_list.toggled.connect(self.workspace.show_case_list)
        self.workspace.case_list_shown.connect(self._case_list_shown)
        geometry = ctx.settings.value(GEOMETRY_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        from vigdesk.ui.features import install_features

        install_features(self)
        if ctx.settings.value(CASE_LIST_KEY, True, type=bool) is False:
            self.workspace.show_case_list(False)

    def add_menu(self, title: str) -> QMenu:
        """A feature's own menu, placed before Help."""
        help_menu = self.menuBar().actions()[-1]
        menu = QMenu(title, self)
        self.menuBar().insertMenu(help_menu, menu)
        return menu

    def open_change_passphrase(self) -> ChangePassphraseDialog:
        dialog = ChangePassphraseDialog(self.ctx.vault, self.ctx.runner, self)
        dialog.passphrase_changed.connect(
            lambda: self.status.flash(self.tr("Your passphrase has been changed."))
        )
        dialog.open()
        return dialog

    def open_shortcuts(self) -> ShortcutsDialog:
        sections = [
            (self.tr("Menus"), action_rows(menu_actions(self))),
            (self.tr("Player (review workspace)"), player_rows()),
        ]
        dialog = ShortcutsDialog(sections, self)
        dialog.open()
        return dialog

    def open_about(self) -> QWidget:
        return open_about(self, self.ctx.home)

    def _case_list_shown(self, shown: bool) -> None:
        self.menu_actions.case_list.setChecked(shown)
        self.ctx.settings.setValue(CASE_LIST_KEY, shown)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.closed.emit()
        super().closeEvent(event)
