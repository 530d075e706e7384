"""Place a legal hold on a case: the reason is required; the service records who and when."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QWidget,
)

from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.records.reason_form import build_reason_form
from vigdesk.ui.records.snapshots import CaseChoice
from vigdesk.ui.tasks import TaskContext

HOLD_CHANGES = frozenset({"retention"})


class PlaceHoldDialog(QDialog):
    """Emits `hold_placed(case_id)` and closes once the hold is recorded."""

    hold_placed = Signal(str)

    def __init__(self, ctx: MainContext, case: CaseChoice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._case = case
        self._busy = False
        self.setWindowTitle(self.tr("Place legal hold"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(480)

        form = build_reason_form(
            self,
            self.tr("Legal hold on {code}").replace("{code}", case.code),
            self.tr(
                "While a case is on legal hold, nothing in it is deleted: not by the "
                "retention schedule and not by an erasure request. Use it for a court "
                "order, a complaint or an investigation, and release it when that ends."
            ),
            placeholder=self.tr("e.g. Court order 14 Nov 2026 (ref. ...)"),
            accessible_name=self.tr("Reason for the hold"),
            label=self.tr("&Reason (required)"),
            note=self.tr("Recorded with your name and the time; no names of family members."),
            action=self.tr("&Place hold"),
        )
        self.reason_edit, self.message, self.busy = form.reason_edit, form.message, form.busy
        self.buttons, self.place_button = form.buttons, form.primary

        self.reason_edit.textChanged.connect(self._update)
        self.buttons.accepted.connect(self.place)
        self.buttons.rejected.connect(self.reject)
        ctx.events.vault_locked.connect(self._drop)
        self._update()

    def place(self) -> None:
        reason = self.reason_edit.toPlainText().strip()
        if self._busy or not reason:
            return
        retention, case_id = self._ctx.services.retention, self._case.id

        def work(task: TaskContext) -> None:
            retention.set_hold(case_id, reason)

        self._set_busy(True)
        self.busy.start(self.tr("Placing the hold…"))
        self._ctx.runner.run(
            work,
            on_success=self._placed,
            on_failure=self._failed,
            serial=True,
            changes=HOLD_CHANGES,
            owner=self,
        )

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def _placed(self, _: None) -> None:
        self._busy = False
        self.busy.stop()
        self.hold_placed.emit(self._case.id)
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
        self.place_button.setEnabled(not self._busy and has_reason)

    def _drop(self) -> None:
        self._busy = False
        self.reason_edit.clear()
        self.done(QDialog.DialogCode.Rejected)
