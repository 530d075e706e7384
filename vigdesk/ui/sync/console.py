"""Sync › Site console… (the BSO): members (and removing one), who works with which
family, pending enrolment requests with Approve (asks for the site passphrase), the
letters outbox, the sync health of every device with its audit verification, and the
site check (the doctor's site half, with erasures not yet confirmed gone). Each tab is
its own module; this one composes them and holds the requests.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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
from vigdesk.ui.letters.outbox import OutboxTab
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.records.dashboard_parts import FigureTile
from vigdesk.ui.records.labels import count
from vigdesk.ui.records.request_warning import RequestsWarning
from vigdesk.ui.roles import role_label
from vigdesk.ui.sync.assignments import AssignmentsTab
from vigdesk.ui.sync.devices import HealthTab
from vigdesk.ui.sync.indicator import day_and_time
from vigdesk.ui.sync.members import MembersTab
from vigdesk.ui.sync.site_check import SiteCheckTab
from vigdesk.ui.sync.state import ConsoleData, console_data
from vigdesk.ui.sync.trees import console_tree
from vigdesk.ui.tasks import TaskContext


class SiteConsole(QDialog):
    """`data` is None until loaded. Emits `assignments_changed` after an assignment or
    unassignment, so the sync feature can carry it (and the key wraps) to the site."""

    assignments_changed = Signal()

    def __init__(self, ctx: MainContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("syncConsole")
        self.setWindowTitle(self.tr("Site console"))
        self.resize(1040, 640)  # fits a 1280x720 laptop
        self.data: ConsoleData | None = None
        self._notice = ""
        self.title = set_role(QLabel(self.tr("Site")), "title")
        self.subtitle = set_role(QLabel(self.tr("Loading…")), "muted")
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.due_tile = FigureTile(self.tr("Items due this month"), alert=True)
        self.inactive_tile = FigureTile(self.tr("Inactive cases"), alert=True)
        self.summaries_tile = FigureTile(self.tr("Summaries missing"), alert=True)
        self.figures_note = set_role(QLabel(), "small")
        self.figures_note.setWordWrap(True)
        tiles = QHBoxLayout()
        tiles.setSpacing(12)
        for tile in (self.due_tile, self.inactive_tile, self.summaries_tile):
            tiles.addWidget(tile, 1)
        self.requests_warning = RequestsWarning()
        self.requests_warning.linkActivated.connect(lambda _: self.open_register())
        self.tabs = QTabWidget()
        self.tabs.setObjectName("syncConsoleTabs")

        self.members_tab = MembersTab(ctx)
        self.members_tab.removed.connect(self._member_removed)
        self.members = self.members_tab.tree
        self.tabs.addTab(self.members_tab, self.tr("Members"))

        self.assignments_tab = AssignmentsTab(ctx, editable=True)
        self.assignments_tab.changed.connect(self.assignments_changed)
        self.tabs.addTab(self.assignments_tab, self.tr("Assignments"))

        self.requests = console_tree(
            [self.tr("Name"), self.tr("Role"), self.tr("Device fingerprint"), self.tr("Asked")],
            (180, 170, 320),
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

        self.outbox_tab = OutboxTab(ctx)
        self.tabs.addTab(self.outbox_tab, self.tr("Outbox"))

        self.health_tab = HealthTab(ctx)
        self.devices = self.health_tab.tree
        self.verify_button = self.health_tab.check_button
        self.tabs.addTab(self.health_tab, self.tr("Sync health"))

        self.site_check_tab = SiteCheckTab(ctx)
        self.tabs.addTab(self.site_check_tab, self.tr("Site check"))

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.setContentsMargins(24, 20, 24, 16)
        col.setSpacing(4)
        col.addWidget(self.title)
        col.addWidget(self.subtitle)
        col.addSpacing(10)
        col.addLayout(tiles)
        col.addSpacing(4)
        col.addWidget(self.figures_note)
        col.addSpacing(10)
        col.addWidget(self.requests_warning)
        col.addWidget(self.tabs, 1)
        col.addSpacing(6)
        col.addWidget(close)
        ctx.events.vault_locked.connect(self.reject)
        self.reload()
        self.assignments_tab.reload()
        self.outbox_tab.reload()

    @property
    def audit(self) -> SiteAudit | None:
        return self.health_tab.audit

    def verify(self) -> None:
        """Check every device's sync health and audit chain again."""
        self.health_tab.check()

    def _page(self, tree: QTreeWidget, note: QLabel, button: QPushButton) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(12, 14, 12, 12)
        col.setSpacing(10)
        col.addWidget(note)
        col.addWidget(tree, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(button)
        col.addLayout(row)
        return page

    # -- members and requests ---------------------------------------------------------------

    def open_register(self) -> QDialog:
        from vigdesk.ui.records.requests_dialog import SubjectRequestsDialog

        dialog = SubjectRequestsDialog(self._ctx, self)
        dialog.open()
        return dialog

    def reload(self) -> None:
        services = self._ctx.services

        def work(_: TaskContext) -> ConsoleData:
            return console_data(services)

        self._ctx.runner.run(work, on_success=self._show, on_failure=self._failed, owner=self)

    def _show(self, data: ConsoleData) -> None:
        self.data = data
        self.title.setText(data.site_name or self.tr("No site"))
        self.subtitle.setText(
            self.tr("Site key fingerprint: %1 · %2 members")
            .replace("%1", data.site_fingerprint)
            .replace("%2", str(len(data.members)))
        )
        self.members_tab.show_data(data)
        self._show_figures(data)
        self.requests_warning.show_requests(data.requests_due)
        self.requests.clear()
        for r in data.requests:
            item = QTreeWidgetItem(
                [r.name, role_label(r.role), r.fingerprint, day_and_time(r.requested_at)]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, r.device_id)
            self.requests.addTopLevelItem(item)
        waiting = self.tr("Enrolment requests")
        self.tabs.setTabText(2, f"{waiting} ({len(data.requests)})" if data.requests else waiting)
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

    def _show_figures(self, data: ConsoleData) -> None:
        """Site-wide retention figures (counts only) over the cases this laptop holds."""
        f = data.figures
        if f is None:
            self.figures_note.setText(data.figures_error)
            return
        self.due_tile.set_value(f.due_this_month)
        self.inactive_tile.set_value(f.inactive)
        self.summaries_tile.set_value(f.summaries_missing)
        facts = [
            count(
                f.cases,
                "Across the %n case this laptop holds",
                "Across the %n cases this laptop holds",
            ),
            count(f.overdue, "%n overdue", "%n overdue"),
            count(
                f.waiting_items,
                "%n video item waits for a review's written summary",
                "%n video items wait for a review's written summary",
            ),
            count(f.on_hold, "%n case on legal hold", "%n cases on legal hold"),
        ]
        note = " · ".join(facts) + ". " + self.tr("Counted by %1.").replace("%1", data.policy_label)
        self.figures_note.setText(note)

    def _failed(self, failure: Failure) -> None:
        self.approve_button.setEnabled(self.requests.currentItem() is not None)
        show_failure(failure, self)

    def _member_removed(self, notice: str) -> None:
        self.members_tab.note.setText(notice)
        self.reload()
        self.assignments_tab.reload()
        self.outbox_tab.reload()

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
        self.assignments_tab.reload()
        self.outbox_tab.reload()
