"""Sync › Site console… (the BSO): members, pending enrolment requests with Approve
(asks for the site passphrase), and the audit verification of every device.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vigdesk.sync.audit_verify import SiteAudit
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure, show_failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.roles import role_label
from vigdesk.ui.sync.indicator import day_and_time
from vigdesk.ui.sync.state import ConsoleData, console_data, verify_audit
from vigdesk.ui.tasks import TaskContext


def _tree(headers: list[str], widths: tuple[int, ...]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    for column, width in enumerate(widths):
        tree.setColumnWidth(column, width)
    return tree


class SiteConsole(QDialog):
    """`data` is None until loaded, `audit` until verified."""

    def __init__(self, ctx: MainContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("syncConsole")
        self.setWindowTitle(self.tr("Site console"))
        self.resize(820, 480)
        self.data: ConsoleData | None = None
        self.audit: SiteAudit | None = None
        self._notice = ""
        self.title = set_role(QLabel(self.tr("Site")), "heading")
        self.subtitle = set_role(QLabel(self.tr("Loading…")), "muted")
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget()

        self.members = _tree(
            [self.tr("Name"), self.tr("Role"), self.tr("Key fingerprint")], (190, 170)
        )
        members_note = set_role(
            QLabel(self.tr("Everyone whose laptop syncs with this site, with their key.")), "muted"
        )
        self.tabs.addTab(self._page(self.members, members_note, None), self.tr("Members"))

        self.requests = _tree(
            [self.tr("Name"), self.tr("Role"), self.tr("Device fingerprint"), self.tr("Asked")],
            (170, 150, 300),
        )
        self.requests_note = set_role(QLabel(), "muted")
        self.requests_note.setWordWrap(True)
        self.approve_button = mark_primary(QPushButton(self.tr("Approve…")))
        self.approve_button.setEnabled(False)
        self.approve_button.clicked.connect(self.ask_passphrase)
        self.requests.currentItemChanged.connect(
            lambda *_: self.approve_button.setEnabled(self.requests.currentItem() is not None)
        )
        self.tabs.addTab(
            self._page(self.requests, self.requests_note, self.approve_button),
            self.tr("Enrolment requests"),
        )

        self.devices = _tree(
            [self.tr("Device"), self.tr("Entries"), self.tr("Last entry no."), self.tr("Result")],
            (200, 90, 110),
        )
        self.audit_note = set_role(
            QLabel(self.tr("Check that every laptop's audit trail on the site is intact.")),
            "muted",
        )
        self.audit_note.setWordWrap(True)
        self.verify_button = QPushButton(self.tr("Verify the audit trails"))
        self.verify_button.clicked.connect(self.verify)
        self.tabs.addTab(
            self._page(self.devices, self.audit_note, self.verify_button),
            self.tr("Sync health"),
        )

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.setContentsMargins(20, 18, 20, 16)
        col.setSpacing(8)
        col.addWidget(self.title)
        col.addWidget(self.subtitle)
        col.addWidget(self.tabs, 1)
        col.addWidget(close)
        ctx.events.vault_locked.connect(self.reject)
        self.reload()

    def _page(self, tree: QTreeWidget, note: QLabel, button: QPushButton | None) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(10, 12, 10, 10)
        col.addWidget(note)
        col.addWidget(tree, 1)
        if button is not None:
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(button)
            col.addLayout(row)
        return page

    # -- members and requests ---------------------------------------------------------------

    def reload(self) -> None:
        services = self._ctx.services

        def work(_: TaskContext) -> ConsoleData:
            return console_data(services)

        self._ctx.runner.run(work, on_success=self._show, on_failure=self._failed, owner=self)

    def _show(self, data: ConsoleData) -> None:
        self.data = data
        self.title.setText(data.site_name or self.tr("No site"))
        self.subtitle.setText(
            self.tr("Site key fingerprint: %1 · members: %2")
            .replace("%1", data.site_fingerprint)
            .replace("%2", str(len(data.members)))
        )
        self.members.clear()
        for m in data.members:
            self.members.addTopLevelItem(
                QTreeWidgetItem([m.name, role_label(m.role), m.fingerprint])
            )
        self.requests.clear()
        for r in data.requests:
            item = QTreeWidgetItem(
                [r.name, role_label(r.role), r.fingerprint, day_and_time(r.requested_at)]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, r.device_id)
            self.requests.addTopLevelItem(item)
        if data.requests_error:
            self.requests_note.setText(data.requests_error)
        elif data.requests:
            self.requests_note.setText(
                self.tr(
                    "Before approving, compare the device fingerprint with the one shown on "
                    "the practitioner's laptop (in person or by phone)."
                )
            )
        else:
            self.requests_note.setText(self.tr("No laptop is waiting to join."))
        if self._notice:
            self.requests_note.setText(self._notice + " " + self.requests_note.text())
            self._notice = ""
        self.approve_button.setEnabled(self.requests.currentItem() is not None)

    def _failed(self, failure: Failure) -> None:
        self.verify_button.setEnabled(True)
        show_failure(failure, self)

    def ask_passphrase(self) -> QInputDialog | None:
        item = self.requests.currentItem()
        if item is None:
            return None
        device_id = str(item.data(0, Qt.ItemDataRole.UserRole))
        ask = QInputDialog(self)
        ask.setObjectName("syncApprovePassphrase")
        ask.setWindowTitle(self.tr("Approve %1").replace("%1", item.text(0)))
        ask.setLabelText(self.tr("Your passphrase signs the site's new member list.\nPassphrase:"))
        ask.setTextEchoMode(QLineEdit.EchoMode.Password)
        ask.textValueSelected.connect(lambda secret: self.approve(device_id, secret))
        ask.open()
        return ask

    def approve(self, device_id: str, secret: str) -> None:
        services = self._ctx.services

        def work(_: TaskContext) -> str:
            return services.sync.site.approve(device_id, secret).name

        self.approve_button.setEnabled(False)
        self._ctx.runner.run(
            work, on_success=self._approved, on_failure=self._failed, serial=True, owner=self
        )

    def _approved(self, name: str) -> None:
        self._notice = self.tr("%1 is now a member of the site.").replace("%1", name)
        self.reload()

    # -- audit ---------------------------------------------------------------------------

    def verify(self) -> None:
        services = self._ctx.services

        def work(_: TaskContext) -> SiteAudit:
            return verify_audit(services)

        self.verify_button.setEnabled(False)
        self.audit_note.setText(self.tr("Checking every device's audit trail…"))
        self._ctx.runner.run(work, on_success=self._verified, on_failure=self._failed, owner=self)

    def _verified(self, audit: SiteAudit) -> None:
        self.audit = audit
        self.verify_button.setEnabled(True)
        self.devices.clear()
        for d in audit.devices:
            result = "; ".join(d.problems) if d.problems else self.tr("Intact")
            item = QTreeWidgetItem([d.name, str(d.entries), str(d.last_seq), result])
            item.setToolTip(3, result)
            item.setData(3, Qt.ItemDataRole.UserRole, bool(d.problems))
            self.devices.addTopLevelItem(item)
        self.audit_note.setText(
            self.tr("Every audit trail is intact.")
            if audit.ok
            else self.tr("Some audit trails have problems: see below, and keep the site folder.")
        )
        set_role(self.audit_note, "muted" if audit.ok else "sync-refused")
