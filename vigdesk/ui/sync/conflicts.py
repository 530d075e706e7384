"""Sync › Conflicts…: fields two laptops edited at once, and settling each one.

"Keep this" confirms the value now in the record; "Use the other" writes the other
value back (it syncs as a normal edit). Settling runs in a serial task.
"""

from __future__ import annotations

import json
import re
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure, show_failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.sync.indicator import day_and_time
from vigdesk.ui.sync.state import ALL_AREAS, ConflictRow, conflict_rows
from vigdesk.ui.tasks import TaskContext

_RECORDS = {
    "cases": "Case",
    "people": "Person",
    "sessions": "Session",
    "consents": "Consent",
    "media": "Video",
    "questionnaires": "Questionnaire",
    "outcomes": "Outcome",
}
_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def show_value(value: Any) -> str:
    if value is None or value == "":
        return QCoreApplication.translate("SyncConflicts", "(empty)")
    if isinstance(value, str):
        return day_and_time(value) if _STAMP.match(value) else value
    return json.dumps(value, ensure_ascii=False)


def field_name(table: str, column: str) -> str:
    """ "Session · notes" for sessions.notes."""
    record = _RECORDS.get(table, table.replace("_", " ").capitalize())
    return f"{record} · {column.replace('_', ' ')}"


class ConflictsDialog(QDialog):
    """Emits `settled` after each conflict is settled; `rows` is None until loaded."""

    settled = Signal()

    def __init__(self, ctx: MainContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("syncConflicts")
        self.setWindowTitle(self.tr("Sync conflicts"))
        self.resize(760, 420)
        self.rows: list[ConflictRow] | None = None
        title = set_role(QLabel(self.tr("Fields edited on two laptops at once")), "heading")
        explain = set_role(
            QLabel(
                self.tr(
                    "vigdesk kept the newest value. Check each one: keep it, or use the "
                    "value from the other laptop instead. Your choice syncs to everyone."
                )
            ),
            "muted",
        )
        explain.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("syncConflictList")
        self.tree.setHeaderLabels(
            [self.tr("Case"), self.tr("Field"), self.tr("Kept value"), self.tr("Other value")]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, 90)
        self.tree.setColumnWidth(1, 160)
        self.tree.setColumnWidth(2, 220)
        self.tree.currentItemChanged.connect(self._update_buttons)
        self.detail = set_role(QLabel(), "sync-detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty = set_role(QLabel(self.tr("Loading…")), "muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keep_button = mark_primary(QPushButton(self.tr("Keep this")))
        self.other_button = QPushButton(self.tr("Use the other"))
        self.keep_button.clicked.connect(lambda: self.settle("kept"))
        self.other_button.clicked.connect(lambda: self.settle("other"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        actions = QHBoxLayout()
        actions.addWidget(self.keep_button)
        actions.addWidget(self.other_button)
        actions.addStretch(1)
        actions.addWidget(close)
        col = QVBoxLayout(self)
        col.setContentsMargins(20, 18, 20, 16)
        col.setSpacing(10)
        col.addWidget(title)
        col.addWidget(explain)
        col.addWidget(self.tree, 1)
        col.addWidget(self.empty, 1)
        col.addWidget(self.detail)
        col.addLayout(actions)
        self._busy = False
        ctx.events.vault_locked.connect(self.reject)
        self.reload()

    def reload(self) -> None:
        services = self._ctx.services

        def work(_: TaskContext) -> list[ConflictRow]:
            return conflict_rows(services)

        self._busy = True
        self._update_buttons()
        self._ctx.runner.run(work, on_success=self._show, on_failure=self._failed, owner=self)

    def _show(self, rows: list[ConflictRow]) -> None:
        self._busy = False
        self.rows = rows
        self.tree.clear()
        for row in rows:
            c = row.conflict
            item = QTreeWidgetItem(
                [
                    row.case_code,
                    field_name(c.table, c.column),
                    show_value(c.kept),
                    show_value(c.other),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, c.id)
            for column in (2, 3):
                item.setToolTip(column, item.text(column))
            self.tree.addTopLevelItem(item)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self.empty.setText(self.tr("No conflicts: every laptop agrees."))
        self.tree.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self._update_buttons()

    def _failed(self, failure: Failure) -> None:
        self._busy = False
        self._update_buttons()
        show_failure(failure, self)

    def _update_buttons(self) -> None:
        item = self.tree.currentItem()
        self.detail.setVisible(item is not None)
        if item is not None:
            self.detail.setText(
                self.tr("%1 — kept: %2\nOther laptop: %3")
                .replace("%1", item.text(1))
                .replace("%2", item.text(2))
                .replace("%3", item.text(3))
            )
        chosen = item is not None and not self._busy
        self.keep_button.setEnabled(chosen)
        self.other_button.setEnabled(chosen)

    def settle(self, choice: str) -> None:
        item = self.tree.currentItem()
        if item is None or self._busy:
            return
        conflict_id = str(item.data(0, Qt.ItemDataRole.UserRole))
        services = self._ctx.services

        def work(_: TaskContext) -> None:
            services.sync.settle(conflict_id, choice)

        self._busy = True
        self._update_buttons()
        self._ctx.runner.run(
            work,
            on_success=self._settled,
            on_failure=self._failed,
            serial=True,
            changes=ALL_AREAS if choice == "other" else {"sync"},
            owner=self,
        )

    def _settled(self, _: None) -> None:
        self.settled.emit()
        self.reload()
