"""Who works with which family: the console's Assignments tab (the BSO assigns and
takes people off cases) and, read-only, a practitioner's view of their cases' teams.

Lists show case codes and initials only (privacy mode), never a name. Assigning and
unassigning run `services.sync.assign/unassign` in serial tasks; the key wraps follow
at the next sync, so `changed` asks the sync feature for one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.changes import Changed
from vigdesk.core.ids import CaseId
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure, show_failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.models.labels import status_label
from vigdesk.ui.sync.state import CaseTeam, TeamsData, case_matches, case_teams
from vigdesk.ui.sync.team_dialogs import TeamPicker, member_text, team_line, unassign_box
from vigdesk.ui.sync.trees import MUTED, console_tree
from vigdesk.ui.tasks import TaskContext

_ID = Qt.ItemDataRole.UserRole


class AssignmentsTab(QWidget):
    """`editable` adds Assign…/Take off case…; `data` is None until loaded."""

    changed = Signal()

    def __init__(self, ctx: MainContext, editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._editable = editable
        self.data: TeamsData | None = None
        self._matches: frozenset[str] | None = None
        self._generation = 0

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Find a family: code, initials or name…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Find a family"))
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(300)
        self._pause.timeout.connect(self._search_now)
        self.search.textChanged.connect(lambda _: self._pause.start())
        self.tree = console_tree(
            [self.tr("Case"), self.tr("Initials"), self.tr("Status"), self.tr("Working with them")],
            (120, 70, 80),
        )
        self.tree.currentItemChanged.connect(lambda *_: self._show_team())

        self.side = set_role(QFrame(), "card")
        self.side.setObjectName("syncTeamCard")
        self.case_title = set_role(QLabel(self.tr("Choose a family")), "heading")
        self.case_hint = set_role(QLabel(), "muted")
        self.case_hint.setWordWrap(True)
        self.team = QListWidget()
        self.team.setObjectName("syncTeam")
        self.team.currentItemChanged.connect(lambda *_: self._enable())
        self.assign_button = mark_primary(QPushButton(self.tr("Assign…")))
        self.assign_button.clicked.connect(lambda: self.ask_assign())
        self.unassign_button = QPushButton(self.tr("Take off case…"))
        self.unassign_button.clicked.connect(lambda: self.ask_unassign())
        for button in (self.assign_button, self.unassign_button):
            button.setVisible(editable)
            button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unassign_button)
        buttons.addStretch(1)
        buttons.addWidget(self.assign_button)
        side = QVBoxLayout(self.side)
        side.setContentsMargins(16, 14, 16, 14)
        side.setSpacing(8)
        side.addWidget(self.case_title)
        side.addWidget(self.case_hint)
        side.addWidget(self.team, 1)
        side.addLayout(buttons)

        self.note = set_role(QLabel(), "small")
        self.note.setWordWrap(True)
        self.records_button = QPushButton(self.tr("Retention for this family…"))
        self.records_button.setToolTip(self.tr("Open Records › Retention at this family"))
        self.records_button.setVisible(editable)
        self.records_button.setEnabled(False)
        self.records_button.clicked.connect(self._open_records)
        footer = QHBoxLayout()
        footer.setSpacing(12)
        footer.addWidget(self.note, 1)
        footer.addWidget(self.records_button)
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(self.tree, 3)
        row.addWidget(self.side, 2)
        col = QVBoxLayout(self)
        col.setContentsMargins(12, 14, 12, 12)
        col.setSpacing(10)
        col.addWidget(self.search)
        col.addLayout(row, 1)
        col.addLayout(footer)
        ctx.events.vault_locked.connect(self.drop)

    def drop(self) -> None:
        """The vault is locking: forget every case shown."""
        self._generation += 1
        self.data = None
        self._matches = None
        self.tree.clear()
        self.team.clear()

    # -- loading -----------------------------------------------------------------------

    def reload(self) -> None:
        services = self._ctx.services

        def work(_: TaskContext) -> TeamsData:
            return case_teams(services)

        self._ctx.runner.run(work, on_success=self._loaded, on_failure=self._failed, owner=self)

    def _loaded(self, data: TeamsData) -> None:
        keep = self.current_case()
        self.data = data
        self.tree.clear()
        for team in data.cases:
            item = QTreeWidgetItem(
                [
                    team.code,
                    team.initials,
                    status_label(team.status),
                    team_line(team.members, self.tr("Nobody yet")),
                ]
            )
            item.setData(0, _ID, team.case_id)
            item.setToolTip(3, item.text(3))
            self.tree.addTopLevelItem(item)
            if team.case_id == keep:
                self.tree.setCurrentItem(item)
        self._filter()
        if self.tree.currentItem() is None:
            self._show_team()
        if not data.enrolled and not self._editable:
            self.note.setText(
                self.tr(
                    "This laptop has not joined the office folder yet "
                    "(Sync › Join the office folder…): your families are yours alone."
                )
            )
        elif not data.enrolled:
            self.note.setText(self.tr("This vault is not part of a site yet: nobody to assign."))
        elif self._editable:
            self.note.setText(
                self.tr(
                    "After a sync your vault holds every family of the site, so the case "
                    "list and Records › Retention cover the whole site."
                )
            )
        else:
            self.note.setText(self.tr("Your BSO decides who works with each family."))

    def _failed(self, failure: Failure) -> None:
        self._enable()
        show_failure(failure, self)

    # -- finding a family ----------------------------------------------------------------

    def _search_now(self) -> None:
        text = self.search.text().strip()
        self._generation += 1
        generation = self._generation
        self._matches = None
        self._filter()
        if not text:
            return
        services = self._ctx.services

        def work(_: TaskContext) -> frozenset[str]:
            return case_matches(services, text)

        def found(ids: frozenset[str]) -> None:
            if generation == self._generation:
                self._matches = ids
                self._filter()

        self._ctx.runner.run(work, on_success=found, owner=self)

    def _filter(self) -> None:
        """Show cases whose code or initials contain the text, or that the search found."""
        text = self.search.text().strip().casefold()
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            assert item is not None
            plain = text in item.text(0).casefold() or text in item.text(1).casefold()
            found = self._matches is not None and str(item.data(0, _ID)) in self._matches
            item.setHidden(bool(text) and not (plain or found))

    # -- the chosen family ---------------------------------------------------------------

    def current_case(self) -> CaseId | None:
        item = self.tree.currentItem()
        return CaseId(str(item.data(0, _ID))) if item is not None else None

    def select_case(self, case_id: CaseId) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.data(0, _ID) == case_id:
                self.tree.setCurrentItem(item)

    def team_of(self, case_id: CaseId | None) -> CaseTeam | None:
        data = self.data
        return next((t for t in data.cases if t.case_id == case_id), None) if data else None

    def _show_team(self) -> None:
        team = self.team_of(self.current_case())
        self.team.clear()
        if team is None:
            self.case_title.setText(self.tr("Choose a family"))
            self.case_hint.setText(self.tr("Pick a case on the left to see who works with it."))
        else:
            self.case_title.setText(f"{team.code} · {team.initials}")
            self.case_hint.setText(
                self.tr("Working with this family:")
                if team.members
                else self.tr("Nobody is assigned yet: only BSOs hold this family.")
            )
            for m in team.members:
                item = QListWidgetItem(member_text(m))
                item.setData(_ID, (m.id, m.name, m.removed))
                if m.removed:
                    item.setForeground(QBrush(MUTED))
                self.team.addItem(item)
        self._enable()

    def _enable(self) -> None:
        chosen = self.team_of(self.current_case()) is not None
        self.assign_button.setEnabled(chosen and self.data is not None and self.data.enrolled)
        self.unassign_button.setEnabled(chosen and self.team.currentItem() is not None)
        self.records_button.setEnabled(chosen)

    def _open_records(self) -> None:
        case_id = self.current_case()
        if case_id is not None:
            self._ctx.events.records_requested.emit(case_id)

    # -- assigning -----------------------------------------------------------------------

    def ask_assign(self) -> TeamPicker | None:
        team, data = self.team_of(self.current_case()), self.data
        if not self._editable or team is None or data is None:
            return None
        picker = TeamPicker(team, data.people, self)
        picker.chosen.connect(lambda member_id, _name: self.assign(team.case_id, member_id))
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.open()
        return picker

    def ask_unassign(self) -> QMessageBox | None:
        team, item = self.team_of(self.current_case()), self.team.currentItem()
        if not self._editable or team is None or item is None:
            return None
        member_id, name, removed = item.data(_ID)
        box = unassign_box(
            self, name, team.code, removed, lambda: self.unassign(team.case_id, str(member_id))
        )
        box.open()
        return box

    def assign(self, case_id: CaseId, member_id: str) -> None:
        sync = self._ctx.services.sync
        self._change(lambda: sync.assign(case_id, member_id))

    def unassign(self, case_id: CaseId, member_id: str) -> None:
        sync = self._ctx.services.sync
        self._change(lambda: sync.unassign(case_id, member_id))

    def _change(self, call: Callable[[], None]) -> None:
        def work(_: TaskContext) -> None:
            call()

        self.assign_button.setEnabled(False)
        self.unassign_button.setEnabled(False)
        self._ctx.runner.run(
            work,
            on_success=lambda _: self._changed(),
            on_failure=self._failed,
            serial=True,
            changes={Changed.SYNC},
            owner=self,
        )

    def _changed(self) -> None:
        self.changed.emit()
        self.reload()
