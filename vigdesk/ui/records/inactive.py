"""Inactive cases on the retention dashboard, and the dialog that records why one stays open.

An open case with no session for the policy's months is listed with its video's due
date; the reason recorded here silences the prompt until it is asked again, it never
stops the video's clock (a legal hold does that).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.retention import Inactive
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import set_role
from vigdesk.ui.records.labels import day, tr
from vigdesk.ui.records.reason_form import build_reason_form
from vigdesk.ui.records.snapshots import CaseChoice
from vigdesk.ui.records.tables import RecordsTable
from vigdesk.ui.tasks import TaskContext

KEPT_OPEN_CHANGES = frozenset({"retention"})


def inactive_table(parent: QWidget | None = None) -> RecordsTable:
    headers = [tr("Case"), tr("No session since"), tr("Video due"), tr("What to do")]
    return RecordsTable(headers, stretch=3, parent=parent)


def inactive_card(table: RecordsTable, button: QPushButton) -> QFrame:
    """A compact card: heading and action on one line, then the table (sized to its rows)."""
    frame = set_role(QFrame(), "card")
    top = QHBoxLayout()
    top.addWidget(set_role(QLabel(tr("Inactive cases")), "heading"), 1)
    top.addWidget(button)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 12, 18, 14)
    layout.setSpacing(8)
    layout.addLayout(top)
    layout.addWidget(table)
    return frame


def inactive_ask() -> str:
    return tr("Inactive: close the case or record why it stays open")


def inactive_rows(items: Sequence[Inactive]) -> list[tuple[str, list[str]]]:
    return [
        (i.case_id, [i.case_code, day(i.last_activity), day(i.video_due_on), inactive_ask()])
        for i in items
    ]


class KeepOpenDialog(QDialog):
    """Emits `kept_open(case_id)` and closes once the reason is recorded."""

    kept_open = Signal(str)

    def __init__(
        self, ctx: MainContext, case: CaseChoice, item: Inactive, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._case = case
        self._busy = False
        self.asked_again_on: date | None = None
        self.setWindowTitle(self.tr("Why does this case stay open?"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(500)
        form = build_reason_form(
            self,
            self.tr("{code} has had no session since {day}")
            .replace("{code}", case.code)
            .replace("{day}", day(item.last_activity)),
            self.tr(
                "Close the case if the work has ended. If it stays open, say why: you "
                "will be asked again later. A reason does not keep the video: it is due "
                "for deletion on {due} on the inactivity schedule; only a legal hold "
                "stops that."
            ).replace("{due}", day(item.video_due_on)),
            placeholder=self.tr("e.g. Sessions paused until the new baby"),
            accessible_name=self.tr("Why the case stays open"),
            label=self.tr("&Reason (required)"),
            note=self.tr("Recorded with your name and the time; no names of family members."),
            action=self.tr("&Record reason"),
        )
        self.reason_edit, self.message, self.busy = form.reason_edit, form.message, form.busy
        self.buttons, self.record_button = form.buttons, form.primary
        self.reason_edit.textChanged.connect(self._update)
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        ctx.events.vault_locked.connect(self._drop)
        self._update()

    def record(self) -> None:
        reason = self.reason_edit.toPlainText().strip()
        if self._busy or not reason:
            return
        retention, case_id = self._ctx.services.retention, self._case.id

        def work(task: TaskContext) -> date:
            return retention.record_why_open(case_id, reason)

        self._set_busy(True)
        self.busy.start(self.tr("Recording the reason…"))
        self._ctx.runner.run(
            work,
            on_success=self._recorded,
            on_failure=self._failed,
            serial=True,
            changes=KEPT_OPEN_CHANGES,
            owner=self,
        )

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def _recorded(self, again: date) -> None:
        self._busy = False
        self.busy.stop()
        self.asked_again_on = again
        self.kept_open.emit(self._case.id)
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
        self.record_button.setEnabled(not self._busy and has_reason)

    def _drop(self) -> None:
        self._busy = False
        self.reason_edit.clear()
        self.done(QDialog.DialogCode.Rejected)
