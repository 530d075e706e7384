"""The base of every case dialog: fields, an inline message line, a busy line, buttons.

A subclass adds its fields to `self.fields` and implements `task()`, which returns
the background function to run (or None after showing a problem inline). Saving runs
that function as a serial task announcing `changes`; a VigdeskError's message (e.g.
a refused date) is shown in the dialog, which stays open so it can be corrected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.changes import Changed
from vigdesk.services.session import Services
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.day_edit import uk_day_edit
from vigdesk.ui.widgets.message_line import MessageLine

Work = Callable[[TaskContext], Any]


class FormDialog(QDialog):
    """Emits `saved(result)` once the task succeeded, then closes (see `keep_open`)."""

    saved = Signal(object)

    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        title: str,
        action: str,
        parent: QWidget | None,
        *,
        intro: str = "",
        changes: Iterable[Changed] = (),
        width: int = 460,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self._changes = frozenset(changes)
        self.busy_now = False
        self.keep_open = False
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(width)
        self.setProperty("cases", True)

        self.message = MessageLine()
        self.busy = BusyIndicator()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = mark_primary(QPushButton(action))
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 22, 24, 18)
        outer.setSpacing(14)
        if intro:
            text = set_role(QLabel(intro), "muted")
            text.setWordWrap(True)
            outer.addWidget(text)
        self.fields = QVBoxLayout()
        self.fields.setSpacing(12)
        outer.addLayout(self.fields)
        outer.addWidget(self.message)
        outer.addWidget(self.busy)
        outer.addWidget(self.buttons)
        self.outer = outer

    def task(self) -> Work | None:
        """The function to run, or None (after `self.message.show_error`) to stay put."""
        raise NotImplementedError

    def busy_text(self) -> str:
        return self.tr("Saving…")

    def submit(self) -> None:
        if self.busy_now:
            return
        self.message.clear_message()
        work = self.task()
        if work is None:
            return
        self._set_busy(True)
        self.busy.start(self.busy_text())
        self.runner.run(
            work,
            on_success=self._succeeded,
            on_failure=self._failed,
            serial=True,
            changes=self._changes,
            owner=self,
        )

    def reject(self) -> None:
        if not self.busy_now:
            super().reject()

    def succeeded(self, result: Any) -> None:
        """Called on success before `saved`; override to show a result instead of closing."""

    def _succeeded(self, result: Any) -> None:
        self.busy.stop()
        self._set_busy(False)
        self.succeeded(result)
        self.saved.emit(result)
        if not self.keep_open:
            self.accept()

    def _failed(self, failure: Failure) -> None:
        self.busy.stop()
        self._set_busy(False)
        if not failure.cancelled:
            self.message.show_error(failure.message)

    def _set_busy(self, busy: bool) -> None:
        self.busy_now = busy
        self.buttons.setEnabled(not busy)


def date_edit(value: date | None = None) -> QDateEdit:
    """A calendar-popup date field showing `12 Nov 2026`; no upper limit (the service rules)."""
    edit = uk_day_edit(QDateEdit())
    if value is not None:
        edit.setDate(to_qdate(value))
    return edit


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
