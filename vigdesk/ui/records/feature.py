"""The records feature in the main window: the Records menu, the sweep at unlock and
daily, a status-bar reminder of overdue deletions, and navigation to the dashboard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QWidget

from vigdesk.core.changes import Changed
from vigdesk.core.ids import CaseId
from vigdesk.core.retention import Due
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import set_role
from vigdesk.ui.records.audit_dialog import InformationAuditDialog
from vigdesk.ui.records.dashboard import RELEVANT, RetentionDashboard
from vigdesk.ui.records.labels import count
from vigdesk.ui.records.requests_dialog import SubjectRequestsDialog
from vigdesk.ui.records.snapshots import pending
from vigdesk.ui.records.sweep_dialog import SweepPreviewDialog
from vigdesk.ui.tasks import TaskContext

if TYPE_CHECKING:
    from vigdesk.ui.main_window import MainWindow

DAY_MS = 24 * 60 * 60 * 1000

NO_CASE = CaseId("")  # the dashboard without a case chosen


class RecordsFeature(QObject):
    """Owned by the main window (its child); gone with it when the vault locks."""

    def __init__(self, window: MainWindow, interval_ms: int = DAY_MS) -> None:
        super().__init__(window)
        self.window = window
        self._ctx = window.ctx
        self.overdue: list[Due] = []
        self._dashboard: RetentionDashboard | None = None
        self._preview: SweepPreviewDialog | None = None
        self._audit: InformationAuditDialog | None = None
        self._checking = False
        self._recheck = False
        self._dropped = False

        menu = window.add_menu(self.tr("&Records"))
        self.retention_action = menu.addAction(self.tr("&Retention…"))
        self.audit_action = menu.addAction(self.tr("&Information audit…"))
        self.requests_action = menu.addAction(self.tr("&Subject access requests…"))
        self.requests_action.triggered.connect(lambda: self.open_requests())
        self._requests: SubjectRequestsDialog | None = None
        self.retention_action.triggered.connect(lambda: self.open_dashboard())
        self.audit_action.triggered.connect(lambda: self.open_audit())

        self.reminder = set_role(QPushButton(), "records-reminder")
        self.reminder.setFlat(True)
        self.reminder.setCursor(Qt.CursorShape.PointingHandCursor)
        self.reminder.clicked.connect(lambda: self.open_dashboard())
        self._reminder_box = QWidget()
        box = QHBoxLayout(self._reminder_box)
        box.setContentsMargins(8, 2, 10, 2)
        box.addWidget(self.reminder)
        self._reminder_box.hide()
        window.status.add_permanent(self._reminder_box)

        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._daily)
        self.timer.start()

        events = self._ctx.events
        events.records_requested.connect(self._records_requested)
        events.data_changed.connect(self._data_changed)
        events.vault_locked.connect(self._locked)
        self.check_due(prompt=True)

    def set_check_interval(self, msecs: int) -> None:
        """How often the schedule is checked while unlocked (a day; tests use less)."""
        self.timer.start(msecs)

    # -- the sweep at unlock and daily ---------------------------------------------------------

    def check_due(self, prompt: bool) -> None:
        """Preview in a task; refresh the reminder; with `prompt`, ask about anything due."""
        if self._dropped:
            return
        if self._checking:
            self._recheck = self._recheck or prompt
            return
        retention = self._ctx.services.retention

        def work(task: TaskContext) -> list[Due]:
            return retention.preview()

        self._checking = True
        self._ctx.runner.run(
            work,
            on_success=lambda items: self._checked(items, prompt),
            on_failure=self._check_failed,
            owner=self,
        )

    def _checked(self, items: list[Due], prompt: bool) -> None:
        self._checking = False
        self._set_overdue(pending(items))
        put_off = self._ctx.memory.deletions_put_off
        due = {d.object_id for d in self.overdue}
        if prompt and due - put_off and not _showing(self._preview):
            self._preview = SweepPreviewDialog(self._ctx, items, self.window)
            self._preview.rejected.connect(lambda: put_off.update(due))  # "Not now"
            self._preview.open()
        if self._recheck:
            again, self._recheck = self._recheck, False
            self.check_due(prompt=again)

    def _check_failed(self, failure: Failure) -> None:
        self._checking = False
        if not failure.cancelled:
            self.window.status.flash(failure.message)

    @property
    def checking(self) -> bool:
        """A schedule check is in flight."""
        return self._checking

    @property
    def preview_dialog(self) -> SweepPreviewDialog | None:
        return self._preview if _showing(self._preview) else None

    def _set_overdue(self, items: list[Due]) -> None:
        self.overdue = items
        text = count(len(items), "%n deletion overdue", "%n deletions overdue")
        self.reminder.setText(text)
        self.reminder.setToolTip(self.tr("Open Records › Retention"))
        self._reminder_box.setVisible(bool(items))

    @Slot()
    def _daily(self) -> None:
        self._ctx.memory.deletions_put_off.clear()  # "Not now" lasts a day at most
        self.check_due(prompt=True)

    # -- screens -------------------------------------------------------------------------------

    def open_requests(self) -> SubjectRequestsDialog:
        if not _showing(self._requests) or self._requests is None:
            self._requests = SubjectRequestsDialog(self._ctx, self.window)
            self._requests.open()
        self._requests.raise_()
        self._requests.activateWindow()
        return self._requests

    def open_dashboard(self, case_id: CaseId = NO_CASE) -> RetentionDashboard:
        if not _showing(self._dashboard) or self._dashboard is None:
            self._dashboard = RetentionDashboard(self._ctx, self.window)
            self._dashboard.open()
        if case_id:
            self._dashboard.focus_case(case_id)
        self._dashboard.raise_()
        self._dashboard.activateWindow()
        return self._dashboard

    def open_audit(self) -> InformationAuditDialog:
        if not _showing(self._audit) or self._audit is None:
            self._audit = InformationAuditDialog(self._ctx, self.window)
            self._audit.open()
        self._audit.raise_()
        return self._audit

    @Slot(str)
    def _records_requested(self, case_id: CaseId) -> None:
        self.open_dashboard(case_id)

    @Slot(object)
    def _data_changed(self, areas: frozenset[Changed]) -> None:
        if areas & RELEVANT:
            self.check_due(prompt=False)

    @Slot()
    def _locked(self) -> None:
        self._dropped = True
        self.timer.stop()
        self.overdue = []
        self._reminder_box.hide()


def _showing(dialog: QDialog | None) -> bool:
    return dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible()
