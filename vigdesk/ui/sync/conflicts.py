"""Sync › Conflicts…: fields two laptops edited at once, and settling each one; and
the rows from other laptops still waiting to apply here, with why.

"Keep this" confirms the value now in the record; "Use the other" writes the other
value back (it syncs as a normal edit). Settling runs in a serial task. Waiting rows
are retried at every sync; their reason (from the sync service) says what to do.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.changes import EVERYTHING, Changed
from vigdesk.services.session import Services
from vigdesk.services.sync import WaitingRow
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure, show_failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.sync.indicator import day_and_time
from vigdesk.ui.sync.state import ConflictRow, conflict_rows
from vigdesk.ui.tasks import TaskContext

_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def show_value(value: Any) -> str:
    if value is None or value == "":
        return QCoreApplication.translate("SyncConflicts", "(empty)")
    if isinstance(value, str):
        return day_and_time(value) if _STAMP.match(value) else value
    return json.dumps(value, ensure_ascii=False)


_RECORDS = {
    "cases": "Case",
    "people": "Person",
    "blobs": "File",
    "media": "Video",
    "consents": "Consent",
    "sessions": "Session",
    "session_media": "Session video",
    "helping_questions": "Helping question",
    "helping_ratings": "Helping rating",
    "questionnaire_administrations": "Questionnaire",
    "questionnaire_answers": "Questionnaire answer",
    "questionnaire_scores": "Questionnaire score",
    "legal_holds": "Legal hold",
    "case_members": "Case assignment",
    "conflict_settlements": "Settled conflict",
}


def record_name(table: str) -> str:
    """What a synced row is, in words: "Person" for people."""
    name = _RECORDS.get(table, table.replace("_", " ").capitalize())
    return QCoreApplication.translate("SyncConflicts", name)


def field_name(table: str, column: str) -> str:
    """ "Session · notes" for sessions.notes."""
    return f"{record_name(table)} · {column.replace('_', ' ')}"


@dataclass(frozen=True)
class SyncIssues:
    """What the dialog shows, read in one task."""

    conflicts: list[ConflictRow]
    waiting: list[WaitingRow]


def read_issues(services: Services) -> SyncIssues:
    return SyncIssues(conflict_rows(services), services.sync.waiting())


class WaitingList(QWidget):
    """The "Waiting to apply" tab: one row per record, the reason in full below. Records
    that only wait for their case (itself waiting) are folded under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = set_role(QLabel(self.tr("Records waiting to apply")), "heading")
        explain = set_role(
            QLabel(
                self.tr(
                    "These records came from another laptop but cannot be added here yet. "
                    "vigdesk tries again at every sync; where something needs doing, the "
                    "reason says what."
                )
            ),
            "muted",
        )
        explain.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("syncWaitingList")
        self.tree.setHeaderLabels([self.tr("Case"), self.tr("Record"), self.tr("Why it waits")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, 110)
        self.tree.setColumnWidth(1, 150)
        self.tree.currentItemChanged.connect(self._show_detail)
        self.detail = set_role(QLabel(), "sync-detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty = set_role(
            QLabel(self.tr("Nothing is waiting: everything from the other laptops is here.")),
            "muted",
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 12, 0, 0)
        col.setSpacing(10)
        col.addWidget(title)
        col.addWidget(explain)
        col.addWidget(self.tree, 1)
        col.addWidget(self.empty, 1)
        col.addWidget(self.detail)

    def show_rows(self, rows: list[WaitingRow]) -> None:
        """`rows` come parents first (cases before their records)."""
        self.tree.clear()
        cases: dict[str, QTreeWidgetItem] = {}
        for row in rows:
            item = QTreeWidgetItem([row.case_code or "—", record_name(row.table), row.reason])
            item.setToolTip(2, row.reason)
            parent = cases.get(row.case_id) if row.table != "cases" else None
            if parent is not None:
                parent.addChild(item)
            else:
                self.tree.addTopLevelItem(item)
            if row.table == "cases":
                cases[row.case_id] = item
        self.tree.setRootIsDecorated(any(i.childCount() for i in cases.values()))
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self.tree.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self._show_detail()

    def _show_detail(self) -> None:
        item = self.tree.currentItem()
        self.detail.setVisible(item is not None)
        if item is None:
            return
        text = (
            self.tr("%1 · %2 — %3")
            .replace("%1", item.text(0))
            .replace("%2", item.text(1))
            .replace("%3", item.text(2))
        )
        n = item.childCount()
        if n == 1:
            text += "\n" + self.tr("1 more record of this case waits for it.")
        elif n:
            more = self.tr("%1 more records of this case wait for it.")
            text += "\n" + more.replace("%1", str(n))
        self.detail.setText(text)


class ConflictsDialog(QDialog):
    """Emits `settled` after each conflict is settled; `rows` and `waiting` are None
    until loaded. Reloads after every sync while open."""

    settled = Signal()

    def __init__(self, ctx: MainContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("syncConflicts")
        self.setWindowTitle(self.tr("Sync conflicts"))
        self.resize(780, 480)
        self.rows: list[ConflictRow] | None = None
        self.waiting: list[WaitingRow] | None = None
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
        self.tree.setColumnWidth(0, 120)
        self.tree.setColumnWidth(1, 140)
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
        conflicts_tab = QWidget()
        tab = QVBoxLayout(conflicts_tab)
        tab.setContentsMargins(0, 12, 0, 0)
        tab.setSpacing(10)
        tab.addWidget(title)
        tab.addWidget(explain)
        tab.addWidget(self.tree, 1)
        tab.addWidget(self.empty, 1)
        tab.addWidget(self.detail)
        tab.addLayout(actions)
        self.waiting_list = WaitingList()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("syncIssueTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(conflicts_tab, self.tr("Conflicts"))
        self.tabs.addTab(self.waiting_list, self.tr("Waiting to apply"))
        col = QVBoxLayout(self)
        col.setContentsMargins(20, 14, 20, 16)
        col.setSpacing(10)
        col.addWidget(self.tabs, 1)
        col.addWidget(close)
        self._busy = False
        ctx.events.vault_locked.connect(self.reject)
        ctx.events.data_changed.connect(self._data_changed)
        self.reload()

    def _data_changed(self, areas: frozenset[Changed]) -> None:
        if Changed.SYNC in areas and not self._busy:
            self.reload()

    def reload(self) -> None:
        services = self._ctx.services

        def work(_: TaskContext) -> SyncIssues:
            return read_issues(services)

        self._busy = True
        self._update_buttons()
        self._ctx.runner.run(work, on_success=self._show, on_failure=self._failed, owner=self)

    def _show(self, issues: SyncIssues) -> None:
        first_load = self.rows is None
        self._busy = False
        rows = issues.conflicts
        self.rows, self.waiting = rows, issues.waiting
        self.waiting_list.show_rows(issues.waiting)
        self.tabs.setTabText(0, self.tr("Conflicts (%1)").replace("%1", str(len(rows))))
        self.tabs.setTabText(
            1, self.tr("Waiting to apply (%1)").replace("%1", str(len(issues.waiting)))
        )
        if first_load and not rows and issues.waiting:
            self.tabs.setCurrentWidget(self.waiting_list)
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
            item.setData(2, Qt.ItemDataRole.UserRole, self._author(c.kept_by))
            item.setData(3, Qt.ItemDataRole.UserRole, self._author(c.other_by))
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

    def _author(self, name: str) -> str:
        return (
            self.tr("written on this laptop") if not name else self.tr("by %1").replace("%1", name)
        )

    def _failed(self, failure: Failure) -> None:
        self._busy = False
        self._update_buttons()
        show_failure(failure, self)

    def _update_buttons(self) -> None:
        item = self.tree.currentItem()
        self.detail.setVisible(item is not None)
        if item is not None:
            self.detail.setText(
                self.tr("%1\nKept (%2): %3\nOther value (%4): %5")
                .replace("%1", f"{item.text(0)} · {item.text(1)}")
                .replace("%2", str(item.data(2, Qt.ItemDataRole.UserRole)))
                .replace("%3", item.text(2))
                .replace("%4", str(item.data(3, Qt.ItemDataRole.UserRole)))
                .replace("%5", item.text(3))
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
            changes=EVERYTHING if choice == "other" else {Changed.SYNC},
            owner=self,
        )

    def _settled(self, _: None) -> None:
        self.settled.emit()
        self.reload()
