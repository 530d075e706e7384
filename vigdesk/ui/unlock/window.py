"""Unlock: passphrase in, `unlocked(Opened)` out. Shows nothing from inside the vault."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from vigdesk.core.errors import UnlockBackoff
from vigdesk.core.passphrase import DEMO_PASSPHRASE
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.unlock.countdown import Countdown, format_wait
from vigdesk.ui.vault_access import Opened, VaultAccess
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.field import labelled
from vigdesk.ui.widgets.message_line import MessageLine
from vigdesk.ui.widgets.page import CentredPage, card, header
from vigdesk.ui.widgets.passphrase_fields import secret_edit


class UnlockWindow(QWidget):
    """Emits `unlocked(Opened)` after a good passphrase; `closed` when the user closes it."""

    unlocked = Signal(object)
    closed = Signal()

    def __init__(
        self,
        home: Path,
        access: VaultAccess,
        runner: TaskRunner,
        *,
        demo: bool = False,
        notice: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._home = home
        self._access = access
        self._runner = runner
        self._busy = False
        self.setWindowTitle(self.tr("Unlock vigdesk"))
        self.resize(560, 520)

        self.passphrase_edit = secret_edit()
        self.passphrase_edit.setAccessibleName(self.tr("Passphrase"))
        self.unlock_button = mark_primary(QPushButton(self.tr("&Unlock")))
        self.message = MessageLine()
        self.busy = BusyIndicator()
        self.countdown = Countdown(self)
        self.location = set_role(QLabel(self.tr("Vault: %1").replace("%1", str(home))), "small")
        self.location.setWordWrap(True)

        page = CentredPage(width=460)
        page.column.addStretch(1)
        page.column.addWidget(
            header(self.tr("vigdesk is locked"), self.tr("Enter your passphrase to continue."))
        )
        box, layout = card()
        if demo:
            hint = MessageLine()
            hint.show_notice(
                self.tr("Demo vault with invented families only. Passphrase: %1").replace(
                    "%1", DEMO_PASSPHRASE
                )
            )
            layout.addWidget(hint)
        if notice:
            self.message.show_notice(notice)
        layout.addWidget(labelled(self.tr("&Passphrase"), self.passphrase_edit))
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        layout.addLayout(row)
        page.column.addWidget(box)
        page.column.addWidget(self.location)
        page.column.addStretch(2)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(page)

        self.passphrase_edit.textChanged.connect(self._update)
        self.passphrase_edit.returnPressed.connect(self.unlock)
        self.unlock_button.clicked.connect(self.unlock)
        self.countdown.ticked.connect(self._show_wait)
        self.countdown.finished.connect(self._wait_over)
        self.passphrase_edit.setFocus()
        self._update()

    def can_unlock(self) -> bool:
        return bool(self.passphrase_edit.text()) and not self._busy and not self.countdown.running

    def unlock(self) -> None:
        """Start unlocking off the GUI thread (the KDF takes about a second)."""
        if not self.can_unlock():
            return
        home, access, secret = self._home, self._access, self.passphrase_edit.text()
        self._set_busy(True)
        self.message.clear_message()
        self.busy.start(self.tr("Unlocking…"))

        def work(ctx: TaskContext) -> Opened:
            return access.unlock(home, secret)

        self._runner.run(work, on_success=self._unlocked, on_failure=self._failed, owner=self)

    def show_wait(self, seconds: float) -> None:
        """Block unlocking for `seconds` with a live countdown."""
        self.countdown.start(seconds)
        self._update()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)

    def _unlocked(self, opened: Opened) -> None:
        self.busy.stop()
        self.passphrase_edit.clear()
        self.unlocked.emit(opened)

    def _failed(self, failure: Failure) -> None:
        self.busy.stop()
        self._set_busy(False)
        if isinstance(failure.error, UnlockBackoff):
            self.show_wait(failure.error.seconds)
        else:
            self.message.show_error(failure.message)
            # A wrong passphrase may start a backoff; services can say how long.
            wait = float(getattr(failure.error, "retry_after", 0.0) or 0.0)
            if wait > 0:
                self.show_wait(wait)
        self.passphrase_edit.selectAll()
        self.passphrase_edit.setFocus()

    def _show_wait(self, seconds: int) -> None:
        self.message.show_error(
            self.tr("Too many wrong passphrases. You can try again in %1.").replace(
                "%1", format_wait(seconds)
            )
        )
        self._update()

    def _wait_over(self) -> None:
        self.message.clear_message()
        self._update()
        self.passphrase_edit.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.passphrase_edit.setEnabled(not busy)
        self._update()

    def _update(self) -> None:
        self.unlock_button.setEnabled(self.can_unlock())
