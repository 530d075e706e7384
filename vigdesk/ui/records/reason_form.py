"""The records dialogs that take a reason (a legal hold, keeping a case open): a
heading, what it means, a required reason, and one action run as a task. GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.changes import Changed
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.field import labelled
from vigdesk.ui.widgets.message_line import MessageLine


@dataclass(frozen=True)
class ReasonForm:
    reason_edit: QPlainTextEdit
    message: MessageLine
    busy: BusyIndicator
    buttons: QDialogButtonBox
    primary: QPushButton


def build_reason_form(
    dialog: QDialog,
    heading: str,
    intro: str,
    *,
    placeholder: str,
    accessible_name: str,
    label: str,
    note: str,
    action: str,
) -> ReasonForm:
    """Lay `dialog` out as a reason form; texts arrive translated by the dialog."""
    heading_label = set_role(QLabel(heading), "heading")
    intro_label = set_role(QLabel(intro), "muted")
    intro_label.setWordWrap(True)
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setProperty("records", True)
    edit.setFixedHeight(84)
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(accessible_name)
    message, busy = MessageLine(), BusyIndicator()
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    primary = mark_primary(QPushButton(action))
    buttons.addButton(primary, QDialogButtonBox.ButtonRole.AcceptRole)
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(24, 22, 24, 18)
    layout.setSpacing(14)
    for widget in (heading_label, intro_label, labelled(label, edit, note), message, busy):
        layout.addWidget(widget)
    layout.addWidget(buttons)
    return ReasonForm(edit, message, busy, buttons, primary)


class ReasonDialog(QDialog):
    """A records dialog that takes a required reason and runs one serial task with it.

    Subclasses lay out with `_build` and implement `_work(reason)`; while the task runs
    the form is disabled and Cancel does nothing; a failure is shown in the dialog; a
    vault lock closes it and forgets the text. GUI thread only."""

    BUSY_TEXT = ""
    CHANGES: frozenset[Changed] = frozenset()

    def __init__(self, ctx: MainContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._busy = False
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def _build(self, heading: str, intro: str, **texts: str) -> QPushButton:
        """Lay the form out (texts as for `build_reason_form`); returns the primary."""
        form = build_reason_form(self, heading, intro, **texts)
        self.reason_edit, self.message, self.busy = form.reason_edit, form.message, form.busy
        self.buttons, self.primary = form.buttons, form.primary
        self.reason_edit.textChanged.connect(self._update)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self._ctx.events.vault_locked.connect(self._drop)
        self._update()
        return form.primary

    def _work(self, reason: str) -> Callable[[TaskContext], Any]:
        raise NotImplementedError

    def _done(self, result: Any) -> None:
        raise NotImplementedError

    def submit(self) -> None:
        reason = self.reason_edit.toPlainText().strip()
        if self._busy or not reason:
            return
        work = self._work(reason)
        self._set_busy(True)
        self.busy.start(self.BUSY_TEXT)
        self._ctx.runner.run(
            work,
            on_success=self._succeeded,
            on_failure=self._failed,
            serial=True,
            changes=self.CHANGES,
            owner=self,
        )

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def _succeeded(self, result: Any) -> None:
        self._busy = False
        self.busy.stop()
        self._done(result)
        self.accept()

    def _failed(self, failure: Failure) -> None:
        self.busy.stop()
        self._set_busy(False)
        self.message.show_error(failure.message)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.reason_edit.setEnabled(not busy)
        self.buttons.setEnabled(not busy)
        self._update()

    def _update(self) -> None:
        has_reason = bool(self.reason_edit.toPlainText().strip())
        self.primary.setEnabled(not self._busy and has_reason)

    def _drop(self) -> None:
        self._busy = False
        self.reason_edit.clear()
        self.done(QDialog.DialogCode.Rejected)
