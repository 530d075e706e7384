"""The Sync menu, the indicator, Sync now and the auto-sync timer.

Every call to the services runs in a task: the status probe on the pool, the sync
itself (and settling) on the serial thread. Only one sync runs at a time; auto-sync
first probes the site and syncs only when it is reachable, verified and approved.
An unenrolled laptop (or one waiting for the BSO) gets the join dialog from Sync now.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from vigdesk.core.changes import EVERYTHING
from vigdesk.core.errors import SiteRefused, SiteUnavailable, SyncBusy
from vigdesk.services.session import Services
from vigdesk.sync.context import SyncProgress
from vigdesk.sync.run import SyncReport
from vigdesk.ui.failures import Failure, show_failure
from vigdesk.ui.models.labels import counted
from vigdesk.ui.sync.indicator import SyncIndicator
from vigdesk.ui.sync.state import Reach, SiteState, probe
from vigdesk.ui.tasks import TaskContext, TaskHandle

if TYPE_CHECKING:
    from vigdesk.ui.main_window import MainWindow

AUTO_SYNC_MS = 5 * 60 * 1000


class SyncFeature(QObject):
    """Owns the Sync menu's actions, the indicator and the timer. GUI thread only.

    Emits `state_probed(SiteState)` after every check of the site and
    `sync_finished(SyncReport)` after every sync that completed."""

    state_probed = Signal(object)
    sync_finished = Signal(object)

    def __init__(self, window: MainWindow, auto_interval_ms: int | None = None) -> None:
        super().__init__(window)
        self.setObjectName("syncFeature")
        self.window = window
        self._ctx = window.ctx
        self.indicator = SyncIndicator()
        self.indicator.cancel_requested.connect(self.cancel)
        window.status.add_permanent(self.indicator)

        menu = window.add_menu(self.tr("&Sync"))
        self.sync_action = QAction(self.tr("Sync now"), self)
        self.sync_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.sync_action.triggered.connect(lambda: self.sync_now())
        self.conflicts_action = QAction(self.tr("Conflicts…"), self)
        self.conflicts_action.triggered.connect(self.open_conflicts)
        self.console_action = QAction(self.tr("Site console…"), self)
        self.console_action.setEnabled(self._ctx.profile.role == "bso")
        self.console_action.triggered.connect(self.open_console)
        self.teams_action = QAction(self.tr("Case teams…"), self)
        self.teams_action.setVisible(self._ctx.profile.role != "bso")  # BSO: in the console
        self.teams_action.triggered.connect(self.open_teams)
        self.join_action = QAction(self.tr("Join the office folder…"), self)
        self.join_action.setVisible(self._ctx.profile.role != "bso")  # the BSO sets it up
        self.join_action.triggered.connect(self.open_join)
        menu.addAction(self.sync_action)
        menu.addAction(self.conflicts_action)
        menu.addAction(self.teams_action)
        menu.addAction(self.join_action)
        menu.addSeparator()
        menu.addAction(self.console_action)
        self.menu = menu

        self.state: SiteState | None = None
        self.last_report: SyncReport | None = None
        self._sync_task: TaskHandle | None = None
        self._probe_task: TaskHandle | None = None
        self._sync_after_probe = False
        self._stopped = False
        self.join_dialog: QObject | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(auto_interval_ms or AUTO_SYNC_MS)
        self.timer.timeout.connect(self.auto_tick)
        self.timer.start()
        self._ctx.events.vault_locked.connect(self.stop)
        self.refresh()

    # -- state -------------------------------------------------------------------------------

    @property
    def syncing(self) -> bool:
        return self._sync_task is not None

    def refresh(self, then_sync: bool = False) -> None:
        """Probe the site in a task and show the result (sync after it when asked)."""
        if self._stopped:
            return
        self._sync_after_probe = self._sync_after_probe or then_sync
        if self._probe_task is not None:
            return
        services = self._ctx.services

        def work(_: TaskContext) -> SiteState:
            return probe(services)

        self._probe_task = self._ctx.runner.run(
            work, on_success=self._probed, on_failure=self._probe_failed, owner=self
        )

    def _probed(self, state: SiteState) -> None:
        self._probe_task = None
        self.state = state
        self.indicator.show_state(state)
        self.join_action.setEnabled(state.reach in (Reach.NOT_ENROLLED, Reach.WAITING))
        self.state_probed.emit(state)
        auto, self._sync_after_probe = self._sync_after_probe, False
        if auto and state.can_sync:
            self.sync_now(auto=True)

    def _probe_failed(self, failure: Failure) -> None:
        self._probe_task = None
        self._sync_after_probe = False
        if not failure.cancelled:
            self.indicator.state_label.setText(self.tr("Office network: unknown"))
            self.indicator.state_label.setToolTip(failure.message)

    # -- syncing -----------------------------------------------------------------------------

    def auto_tick(self) -> None:
        """Timer: check the site, then sync if it is reachable and verified."""
        if not self._stopped and not self.syncing:
            self.refresh(then_sync=True)

    def sync_now(self, auto: bool = False) -> TaskHandle | None:
        """Start a sync unless one runs; errors are shown unless `auto` (except refusal)."""
        if self._stopped or self._sync_task is not None:
            return None
        if not auto and self.state is not None and not self._joined(self.state):
            self.open_join()
            return None
        services = self._ctx.services

        def work(task: TaskContext) -> SyncReport:
            return run_sync(services, task)

        self.sync_action.setEnabled(False)
        self.indicator.show_running(None, self.tr("Syncing…"))
        self._sync_task = self._ctx.runner.run(
            work,
            on_success=self._synced,
            on_failure=lambda f: self._sync_failed(f, auto),
            on_progress=self.indicator.show_running,
            heavy=True,
            owner=self,
        )
        return self._sync_task

    def _joined(self, state: SiteState) -> bool:
        return state.reach not in (Reach.NOT_ENROLLED, Reach.WAITING) or (
            self._ctx.profile.role == "bso"
        )

    def cancel(self) -> None:
        if self._sync_task is not None:
            self._sync_task.cancel()
            self.indicator.show_cancelling()

    def _end_sync(self) -> None:
        self._sync_task = None
        self.sync_action.setEnabled(True)
        self.indicator.show_finished()

    def _synced(self, report: SyncReport) -> None:
        self._end_sync()
        self.last_report = report
        self.sync_finished.emit(report)
        text = self.tr("Synced: sent %1, received %2, %3 new conflict(s).")
        for i, n in enumerate((report.sent, report.received, report.conflicts), 1):
            text = text.replace(f"%{i}", str(n))
        if report.withdrawn:
            text += " " + counted(
                report.withdrawn,
                self.tr("%n family taken off this laptop: you are no longer assigned to it."),
                self.tr("%n families taken off this laptop: you are no longer assigned to them."),
            )
        if report.problems:
            text += " " + self.tr("Some items could not be synced: %1").replace(
                "%1", "; ".join(report.problems)
            )
        self.window.status.flash(text, 8000)
        if report.refused:
            self._show_changes_refused(report.refused)
        if report.changed:
            self._ctx.events.announce_changes(EVERYTHING)
        self.refresh()

    def _sync_failed(self, failure: Failure, auto: bool) -> None:
        self._end_sync()
        error = failure.error
        if failure.cancelled:
            self.window.status.flash(self.tr("Sync stopped. What had finished is kept."))
        elif isinstance(error, SiteRefused):
            self._show_refused(failure.message)
        elif isinstance(error, SyncBusy):
            self.window.status.flash(failure.message)
        elif isinstance(error, SiteUnavailable):
            self.indicator.show_state(SiteState(Reach.OFFLINE, reason=failure.message))
            if not auto:
                show_failure(failure, self.window)
        elif not auto:
            show_failure(failure, self.window)
        else:
            self.window.status.flash(failure.message, 8000)
        self.refresh()

    def _show_refused(self, message: str) -> None:
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(self.tr("Site refused"))
        box.setText(self.tr("vigdesk did not sync: the site folder failed its security check."))
        box.setInformativeText(
            message + "\n\n" + self.tr("Nothing was sent or received. Tell your BSO now.")
        )
        box.setObjectName("syncRefusedBox")
        box.open()

    def _show_changes_refused(self, refused: list[str]) -> None:
        """Changes another laptop was not allowed to make: said once, in full (the status
        bar cuts long text), and already kept out and audited by the sync."""
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Changes refused"))
        box.setText(self.tr("Sync kept out changes that another laptop was not allowed to make."))
        box.setInformativeText(
            "\n".join(refused)
            + "\n\n"
            + self.tr("Nothing here was changed by them. The BSO sees this in Sync health.")
        )
        box.setObjectName("syncChangesRefusedBox")
        box.open()

    def stop(self) -> None:
        """The vault is locking: no more syncs; drop whatever runs."""
        self._stopped = True
        self.timer.stop()
        for handle in (self._sync_task, self._probe_task):
            if handle is not None:
                handle.discard()

    # -- dialogs -----------------------------------------------------------------------------

    def open_conflicts(self) -> QObject:
        from vigdesk.ui.sync.conflicts import ConflictsDialog

        dialog = ConflictsDialog(self._ctx, self.window)
        dialog.settled.connect(self.refresh)
        dialog.open()
        return dialog

    def open_console(self) -> QObject:
        from vigdesk.ui.sync.console import SiteConsole

        dialog = SiteConsole(self._ctx, self.window)
        dialog.assignments_changed.connect(lambda: self.refresh(then_sync=True))
        dialog.open()
        return dialog

    def open_join(self) -> QObject:
        """The join dialog (one at a time: a second call raises the open one)."""
        from vigdesk.ui.sync.join import JoinDialog

        if isinstance(self.join_dialog, JoinDialog) and self.join_dialog.isVisible():
            self.join_dialog.raise_()
            self.join_dialog.activateWindow()
            return self.join_dialog
        dialog = JoinDialog(self._ctx, self, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "join_dialog", None))
        self.join_dialog = dialog
        dialog.open()
        return dialog

    def open_teams(self) -> QObject:
        from vigdesk.ui.sync.teams import CaseTeamsDialog

        dialog = CaseTeamsDialog(self._ctx, self.window)
        dialog.open()
        return dialog


_PHASES = {
    "keys": "Exchanging keys",
    "upload": "Sending files",
    "journal": "Sending changes",
    "receive": "Receiving changes",
    "compact": "Tidying this laptop's changes on the site",
    "download": "Fetching files",
    "erasures": "Checking erasures have left the site",
    "audit": "Sharing the audit trail",
}


def run_sync(services: Services, task: TaskContext) -> SyncReport:
    """The worker side of Sync now (Qt-free apart from the task hooks)."""

    def progress(event: SyncProgress) -> None:
        if event.phase == "done":
            task.progress(1.0, "")
            return
        text = _PHASES.get(event.phase, event.phase)
        fraction = event.done / event.total if event.total else None
        task.progress(fraction, f"{text}… {event.done}/{event.total}" if event.total else text)

    return services.sync.sync(progress=progress, cancelled=task.cancelled)
