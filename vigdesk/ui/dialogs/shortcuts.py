"""Help › Keyboard shortcuts, listed from the actions and key tables themselves so it
never drifts: every menu action with a shortcut, then the player's keys."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

Rows = Sequence[tuple[str, str]]


def native(sequence: QKeySequence | str) -> str:
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)


def menu_actions(window: QMainWindow) -> list[QAction]:
    """Every action in the window's menus and submenus, in menu order."""
    found: list[QAction] = []

    def walk(actions: Iterable[QAction]) -> None:
        for action in actions:
            menu = action.menu()
            if menu is not None:
                walk(menu.actions())  # type: ignore[attr-defined]
            elif not action.isSeparator():
                found.append(action)

    walk(window.menuBar().actions())
    return found


def action_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(what it does, its keys) for each action that has a shortcut, once each."""
    rows: list[tuple[str, str]] = []
    for action in dict.fromkeys(actions):
        keys = [native(s) for s in action.shortcuts() if not s.isEmpty()]
        if keys:
            rows.append((action.text().replace("&", "").rstrip("…."), " / ".join(keys)))
    return rows


def player_rows() -> list[tuple[str, str]]:
    """The review player's keys, from the table that installs them."""
    from vigdesk.ui.review.keys import key_table

    return [(key.text, " / ".join(native(k) for k in key.keys)) for key in key_table()]


class ShortcutsDialog(QDialog):
    """A two-column table (what it does, which keys) in titled sections."""

    def __init__(self, sections: Sequence[tuple[str, Rows]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._sections = [title for title, rows in sections if rows]
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setShowGrid(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        for title, rows in sections:
            if rows:
                self._add_heading(title)
            for text, keys in rows:
                self._add_row(text, keys)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(14)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 560)  # the table scrolls; fits a 1280×720 screen

    def _add_heading(self, title: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        item = QTableWidgetItem(title)
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        self.table.setItem(row, 0, item)
        self.table.setSpan(row, 0, 1, 2)

    def _add_row(self, text: str, keys: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(text))
        self.table.setItem(row, 1, QTableWidgetItem(keys))

    def sections(self) -> list[str]:
        return list(self._sections)

    def rows(self) -> list[tuple[str, str]]:
        """(action, keys) as shown, headings left out; for tests and screen readers."""
        result = []
        for row in range(self.table.rowCount()):
            action, keys = self.table.item(row, 0), self.table.item(row, 1)
            if action is not None and keys is not None:
                result.append((action.text(), keys.text()))
        return result
