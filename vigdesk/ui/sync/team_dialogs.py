"""Assign… (choose a practitioner or trainee for a family), Take off case… (confirm),
and how the console names the people on a case."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.roles import role_label
from vigdesk.ui.sync.state import CaseTeam, TeamMember


def member_text(member: TeamMember) -> str:
    """ "Ann Practitioner · Practitioner", or a former member's name and what happened."""
    tr = QCoreApplication.translate
    if member.removed:
        name = member.name or tr("SyncTeams", "Someone")
        return tr("SyncTeams", "%1 · removed from the site").replace("%1", name)
    if member.you:
        return (
            tr("SyncTeams", "%1 (you)  ·  %2")
            .replace("%1", member.name)
            .replace("%2", role_label(member.role))
        )
    return f"{member.name}  ·  {role_label(member.role)}"


def team_line(members: tuple[TeamMember, ...], nobody: str) -> str:
    """The current members' names for the list (former members are in the detail)."""
    you = QCoreApplication.translate("SyncTeams", "%1 (you)")
    names = (you.replace("%1", m.name) if m.you else m.name for m in members if not m.removed)
    return ", ".join(names) or nobody


def unassign_box(
    parent: QWidget, name: str, code: str, removed: bool, confirmed: Callable[[], None]
) -> QMessageBox:
    """Asks before taking someone off a case; calls `confirmed` on "Take off case"."""
    tr = QCoreApplication.translate
    who = name or tr("SyncTeams", "This former member")
    box = QMessageBox(parent)
    box.setObjectName("syncUnassignBox")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(tr("SyncTeams", "Take off case"))
    box.setText(tr("SyncTeams", "Take %1 off %2?").replace("%1", who).replace("%2", code))
    info = (
        tr(
            "SyncTeams",
            "%1 was removed from the site and gets no keys any more: this tidies the list.",
        )
        if removed
        else tr(
            "SyncTeams",
            "%1 will no longer see this family; their laptop removes it at its next sync.",
        )
    )
    box.setInformativeText(info.replace("%1", who))
    take = box.addButton(tr("SyncTeams", "Take off case"), QMessageBox.ButtonRole.AcceptRole)
    take.clicked.connect(confirmed)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


class TeamPicker(QDialog):
    """Lists `people` not yet on `team`; emits `chosen(member id, name)` on Assign."""

    chosen = Signal(str, str)

    def __init__(self, team: CaseTeam, people: list[TeamMember], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("syncTeamPicker")
        self.setWindowTitle(self.tr("Assign to %1").replace("%1", team.code))
        self.setMinimumSize(420, 360)
        title = set_role(
            QLabel(
                self.tr("Who should work with %1?").replace("%1", f"{team.code} · {team.initials}")
            ),
            "heading",
        )
        explain = set_role(
            QLabel(
                self.tr(
                    "Their laptop receives this family's key at its next sync. BSOs hold "
                    "every family already."
                )
            ),
            "muted",
        )
        explain.setWordWrap(True)
        on_team = {m.id for m in team.members}
        self.list = QListWidget()
        self.list.setObjectName("syncTeamList")
        for person in people:
            if person.id in on_team:
                continue
            item = QListWidgetItem(f"{person.name}  ·  {role_label(person.role)}")
            item.setData(Qt.ItemDataRole.UserRole, (person.id, person.name))
            self.list.addItem(item)
        self.empty = set_role(
            QLabel(self.tr("Everyone in the site already works with this family.")), "muted"
        )
        self.empty.setVisible(self.list.count() == 0)
        self.list.setVisible(self.list.count() > 0)
        self.list.setCurrentRow(0)
        buttons = QDialogButtonBox()
        self.assign_button = mark_primary(
            buttons.addButton(self.tr("Assign"), QDialogButtonBox.ButtonRole.AcceptRole)
        )
        self.assign_button.setEnabled(False)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._assign)
        buttons.rejected.connect(self.reject)
        self.list.currentItemChanged.connect(
            lambda *_: self.assign_button.setEnabled(self.list.currentItem() is not None)
        )
        self.assign_button.setEnabled(self.list.currentItem() is not None)
        self.list.itemDoubleClicked.connect(lambda _: self._assign())
        col = QVBoxLayout(self)
        col.setContentsMargins(22, 20, 22, 16)
        col.setSpacing(10)
        col.addWidget(title)
        col.addWidget(explain)
        col.addWidget(self.list, 1)
        col.addWidget(self.empty, 1)
        col.addWidget(buttons)

    def choose(self, member_id: str) -> None:
        """Select `member_id` in the list (keyboard users and tests)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole)[0] == member_id:
                self.list.setCurrentItem(item)

    def _assign(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        member_id, name = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
        self.chosen.emit(str(member_id), str(name))
