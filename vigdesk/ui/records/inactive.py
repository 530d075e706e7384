"""Inactive cases on the retention dashboard, and the dialog that records why one stays open.

An open case with no session for the policy's months is listed with its video's due
date; the reason recorded here silences the prompt until it is asked again, it never
stops the video's clock (a legal hold does that).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.changes import Changed
from vigdesk.core.retention import Inactive
from vigdesk.ui.context import MainContext
from vigdesk.ui.look import set_role
from vigdesk.ui.records.labels import day, tr
from vigdesk.ui.records.reason_form import ReasonDialog
from vigdesk.ui.records.snapshots import CaseChoice
from vigdesk.ui.records.tables import RecordsTable
from vigdesk.ui.tasks import TaskContext

KEPT_OPEN_CHANGES = frozenset({Changed.RETENTION})


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


class KeepOpenDialog(ReasonDialog):
    """Emits `kept_open(case_id)` and closes once the reason is recorded."""

    kept_open = Signal(str)
    CHANGES = KEPT_OPEN_CHANGES

    def __init__(
        self, ctx: MainContext, case: CaseChoice, item: Inactive, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self._case = case
        self.asked_again_on: date | None = None
        self.BUSY_TEXT = self.tr("Recording the reason…")
        self.setWindowTitle(self.tr("Why does this case stay open?"))
        self.setMinimumWidth(500)
        self.record_button = self._build(
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

    def record(self) -> None:
        self.submit()

    def _work(self, reason: str) -> Callable[[TaskContext], date]:
        retention, case_id = self._ctx.services.retention, self._case.id

        def work(task: TaskContext) -> date:
            return retention.record_why_open(case_id, reason)

        return work

    def _done(self, result: object) -> None:
        assert isinstance(result, date)
        self.asked_again_on = result
        self.kept_open.emit(self._case.id)
