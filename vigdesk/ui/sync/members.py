"""The console's Members tab: who syncs with the site, and removing someone from it.

Removing re-signs site.json and starts a new site data key that the removed laptop
never gets, so it needs the site passphrase (asked in `RemoveMemberDialog`). The
service refuses to remove this vault; the button is also off for the last BSO.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vigdesk.sync.manifest import Retired
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure, show_failure
from vigdesk.ui.look import set_role
from vigdesk.ui.roles import role_label
from vigdesk.ui.sync.indicator import day_and_time
from vigdesk.ui.sync.state import ConsoleData
from vigdesk.ui.sync.trees import console_tree, muted_row
from vigdesk.ui.tasks import TaskContext


class RemoveMemberDialog(QDialog):
    """Says what removal does and asks for the site passphrase; emits `confirmed`."""

    confirmed = Signal(str)

    def __init__(self, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("syncRemoveMember")
        self.setWindowTitle(self.tr("Remove from the site"))
        self.setMinimumWidth(460)
        self.title = set_role(
            QLabel(self.tr("Remove %1 from the site?").replace("%1", name)), "heading"
        )
        explain = set_role(
            QLabel(
                self.tr(
                    "Their laptop stops syncing and gets no case keys from now on: no new "
                    "families, no new changes. What they sent so far stays in the records. "
                    "Their families stay with everyone else assigned to them."
                )
            ),
            "muted",
        )
        explain.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("Your passphrase"))
        self.passphrase.setAccessibleName(self.tr("Site passphrase"))
        hint = set_role(
            QLabel(self.tr("Your passphrase signs the site's new member list.")), "small"
        )
        buttons = QDialogButtonBox()
        self.remove_button = set_role(
            buttons.addButton(self.tr("Remove from site"), QDialogButtonBox.ButtonRole.AcceptRole),
            "sync-danger",
        )
        self.remove_button.setEnabled(False)
        self.remove_button.setAutoDefault(False)  # Enter in the passphrase never removes
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        self.passphrase.textChanged.connect(lambda t: self.remove_button.setEnabled(bool(t)))
        col = QVBoxLayout(self)
        col.setContentsMargins(22, 20, 22, 16)
        col.setSpacing(10)
        for widget in (self.title, explain, self.passphrase, hint):
            col.addWidget(widget)
        col.addSpacing(6)
        col.addWidget(buttons)

    def _confirm(self) -> None:
        secret = self.passphrase.text()
        if secret:
            self.passphrase.clear()
            self.accept()
            self.confirmed.emit(secret)


class MembersTab(QWidget):
    """Emits `removed(notice)` after a removal so the console reloads the site."""

    removed = Signal(str)

    def __init__(self, ctx: MainContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.data: ConsoleData | None = None
        self.note = set_role(
            QLabel(self.tr("Everyone whose laptop syncs with this site, with their key.")),
            "muted",
        )
        self.note.setWordWrap(True)
        self.tree = console_tree(
            [self.tr("Name"), self.tr("Role"), self.tr("Key fingerprint")], (210, 200)
        )
        self.why = set_role(QLabel(), "small")
        self.remove_button = QPushButton(self.tr("Remove from site…"))
        self.remove_button.setAutoDefault(False)  # Enter in the console never removes
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(lambda: self.ask_removal())
        self.tree.currentItemChanged.connect(lambda *_: self._selected())
        row = QHBoxLayout()
        row.addWidget(self.why, 1)
        row.addWidget(self.remove_button)
        col = QVBoxLayout(self)
        col.setContentsMargins(12, 14, 12, 12)
        col.setSpacing(10)
        col.addWidget(self.note)
        col.addWidget(self.tree, 1)
        col.addLayout(row)

    def show_data(self, data: ConsoleData) -> None:
        self.data = data
        self.tree.clear()
        for m in data.members:
            role = role_label(m.role)
            if m.id == data.me:
                role = self.tr("%1 · you").replace("%1", role)
            item = QTreeWidgetItem([m.name, role, m.fingerprint])
            item.setData(0, Qt.ItemDataRole.UserRole, m.id)
            self.tree.addTopLevelItem(item)
        for r in data.retired:
            removed = self.tr("Removed %1").replace("%1", day_and_time(r.removed_at))
            self.tree.addTopLevelItem(muted_row([r.name, removed, ""]))
        self._selected()

    def _selected(self) -> None:
        member_id = self.current_member()
        data = self.data
        allowed = data is not None and member_id is not None and data.removable(member_id)
        self.remove_button.setEnabled(allowed)
        if data is not None and member_id is not None and not allowed:
            self.why.setText(
                self.tr("This is your own vault: it stays in the site.")
                if member_id == data.me
                else self.tr("The site needs at least one BSO.")
            )
        else:
            self.why.setText("")

    def current_member(self) -> str | None:
        item = self.tree.currentItem()
        value = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return str(value) if value else None

    def ask_removal(self) -> RemoveMemberDialog | None:
        """Open the confirmation for the selected member (None if they cannot be removed)."""
        member_id, data = self.current_member(), self.data
        if member_id is None or data is None or not data.removable(member_id):
            return None
        name = next(m.name for m in data.members if m.id == member_id)
        dialog = RemoveMemberDialog(name, self)
        dialog.confirmed.connect(lambda secret: self.remove(member_id, secret))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def remove(self, member_id: str, passphrase: str) -> None:
        services = self._ctx.services

        def work(_: TaskContext) -> Retired:
            return services.sync.site.remove_member(member_id, passphrase)

        self.remove_button.setEnabled(False)
        self.why.setText(self.tr("Removing… (checking your passphrase takes a moment)"))
        self._ctx.runner.run(
            work, on_success=self._removed, on_failure=self._failed, serial=True, owner=self
        )

    def _removed(self, gone: Retired) -> None:
        self.removed.emit(
            self.tr(
                "%1 was removed from the site. Their laptop gets no new keys and stops syncing."
            ).replace("%1", gone.name)
        )

    def _failed(self, failure: Failure) -> None:
        self._selected()
        show_failure(failure, self)
